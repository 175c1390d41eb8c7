package com.partnercredit.publisher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shard of a run's clients: a range of one gsi2 client partition, from client {@code from}
 * (null: the partition's start) up to, not including, client {@code to} (null: its end), in the
 * index's order. The shards of a plan cover every partition end to end, so each client is in exactly
 * one, even one added after the plan was made.
 *
 * @param shard the shard's number in its plan, 0, 1, 2, ...
 * @param partition the gsi2 client partition ({@code clientId mod 8})
 * @param clients how many clients the range held when it was planned (for the report and the budget)
 */
public record ClientShard(int shard, int partition, Long from, Long to, int clients) {

  /** The shard as the state machine passes it to a worker (JSON-friendly; null bounds are left out). */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("shard", shard);
    map.put("partition", partition);
    if (from != null) {
      map.put("from", from);
    }
    if (to != null) {
      map.put("to", to);
    }
    map.put("clients", clients);
    return map;
  }

  static ClientShard fromMap(Map<?, ?> map) {
    return new ClientShard(StepInput.integer(map, "shard"), StepInput.integer(map, "partition"),
        StepInput.optionalLong(map, "from"), StepInput.optionalLong(map, "to"),
        map.get("clients") == null ? 0 : StepInput.integer(map, "clients"));
  }

  /** For the plan's digest: what decides which clients the shard holds. */
  String bounds() {
    return shard + ":" + partition + ":" + (from == null ? "" : from) + ":" + (to == null ? "" : to);
  }
}
