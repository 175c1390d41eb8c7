package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.partnercredit.domain.Tier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The record step's sum of the buckets' partners per tier. */
class RunTotalsTest {
  private static final Instant AS_OF = Instant.parse("2026-11-28T02:00:00Z");

  private static Map<String, Object> bucket(int bucket, Map<Tier, Integer> tiers) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("bucket", bucket);
    int published = tiers.values().stream().mapToInt(Integer::intValue).sum();
    result.putAll(new PublishReport(AS_OF, published, published, 0, 0, 0, new TreeMap<>(), tiers).summary());
    result.put("dynamoDbRequests", 3);
    return result;
  }

  private static Map<String, Object> input(List<Map<String, Object>> buckets) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("asOf", AS_OF.toString());
    input.put("startedAt", AS_OF.toString());
    input.put("partners", 5);
    input.put("planRequests", 4);
    input.put("shards", List.of());
    input.put("buckets", buckets);
    return input;
  }

  @Test
  void thePartnersPerTierAreTheSumOfTheBucketsEveryTierPresent() {
    RunTotals run = RunTotals.of(input(List.of(bucket(0, Map.of(Tier.GOLD, 2, Tier.ELITE, 1)),
        bucket(1, Map.of(Tier.GOLD, 1, Tier.PROVIDER, 1)))));

    assertEquals(Map.of(Tier.PROVIDER, 1, Tier.GOLD, 3, Tier.PLATINUM, 0, Tier.DIAMOND, 0, Tier.ELITE, 1), run.tiers());
    assertEquals(Map.of("PROVIDER", 1, "GOLD", 3, "PLATINUM", 0, "DIAMOND", 0, "ELITE", 1), run.summary().get("tiers"));
  }

  @Test
  void aBucketResultWithoutThemGivesNone() {
    Map<String, Object> older = bucket(1, Map.of(Tier.GOLD, 1));
    older.remove("tiers"); // a step of an older version, in a redriven execution

    RunTotals run = RunTotals.of(input(List.of(bucket(0, Map.of(Tier.GOLD, 2)), older)));

    assertNull(run.tiers());
    assertFalse(run.summary().containsKey("tiers"));
  }
}
