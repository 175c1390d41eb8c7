package com.partnercredit.publisher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shard of a run's partners: a range of the partners of one gsi2 partner partition, from partner
 * {@code from} (null: the partition's first) up to, not including, partner {@code to} (null: past its
 * last), in id order. The shards of a plan cover every partition end to end, so each partner of the
 * run's directory is in exactly one.
 *
 * @param shard the shard's number in its plan, 0, 1, 2, ...
 * @param partition the gsi2 partner partition ({@code partnerId mod 8})
 * @param partners how many partners the range held when it was planned (for the report and the budget)
 */
public record PartnerShard(int shard, int partition, Long from, Long to, int partners) {

  /** Whether the partner is in this shard. */
  boolean holds(long partnerId) {
    return ShardPlanner.partitionOf(partnerId) == partition && (from == null || partnerId >= from)
        && (to == null || partnerId < to);
  }

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
    map.put("partners", partners);
    return map;
  }

  static PartnerShard fromMap(Map<?, ?> map) {
    return new PartnerShard(StepInput.integer(map, "shard"), StepInput.integer(map, "partition"),
        StepInput.optionalLong(map, "from"), StepInput.optionalLong(map, "to"),
        map.get("partners") == null ? 0 : StepInput.integer(map, "partners"));
  }

  /** For the plan's digest: what decides which partners the shard holds. */
  String bounds() {
    return shard + ":" + partition + ":" + (from == null ? "" : from) + ":" + (to == null ? "" : to);
  }
}
