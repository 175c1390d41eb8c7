package com.partnercredit.publisher;

import com.partnercredit.store.DeadLetters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the plan step hands to the state machine: the run's time, its partner shards (one worker
 * each, reading the read model), its partner buckets (one final step each), and a digest of both ({@code plan}), which every
 * working item of the run carries so that a step never mixes items of two different plans.
 *
 * @param partners partners listed when planning
 * @param changesUntil how far the read model had caught up when planning (every fact answered before it is reflected)
 */
public record RunPlan(Instant asOf, String plan, List<PartnerShard> shards, int buckets, int partners,
    Instant changesUntil) {

  public RunPlan {
    shards = List.copyOf(shards);
  }

  static RunPlan of(Instant asOf, List<PartnerShard> shards, int buckets, int partners, Instant changesUntil) {
    return new RunPlan(asOf, digest(asOf, shards, buckets), shards, buckets, partners, changesUntil);
  }

  /** 16 hex digits of a SHA-256 over the time, the shards' bounds and the number of buckets. */
  static String digest(Instant asOf, List<PartnerShard> shards, int buckets) {
    StringBuilder text = new StringBuilder().append(asOf).append('|').append(buckets);
    shards.forEach(shard -> text.append('|').append(shard.bounds()));
    return DeadLetters.sha256(text.toString()).substring(0, 16);
  }


  /**
   * The plan step's output, the state machine's input to the two Map states: {@code shards} (the
   * first Map's items), {@code buckets} (the second's: 0, 1, 2, ...) and their counts.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("asOf", asOf.toString());
    map.put("plan", plan);
    map.put("partners", partners);
    map.put("changesUntil", changesUntil.toString());
    map.put("shardCount", shards.size());
    map.put("bucketCount", buckets);
    List<Map<String, Object>> shardMaps = new ArrayList<>(shards.size());
    shards.forEach(s -> shardMaps.add(s.toMap()));
    map.put("shards", shardMaps);
    List<Integer> bucketList = new ArrayList<>(buckets);
    for (int b = 0; b < buckets; b++) {
      bucketList.add(b);
    }
    map.put("buckets", bucketList);
    return map;
  }
}
