package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a run is cut into partner shards and partner buckets, and how the plan travels through the state machine. */
class ShardPlannerTest {
  private static final Instant AS_OF = Instant.parse("2026-11-28T02:00:00Z");

  private static List<PartnerShard> cut(ShardPlanner planner, int partition, long... ids) {
    List<PartnerShard> shards = new ArrayList<>();
    ShardPlanner.Cutter cutter = planner.cutter(partition, shards);
    for (long id : ids) {
      cutter.accept(id);
    }
    cutter.finish();
    return shards;
  }

  @Test
  void aPartitionIsCutIntoRangesOfAtMostTheShardSizeThatCoverItEndToEnd() {
    List<PartnerShard> shards = cut(new ShardPlanner(2, 500), 5, 13, 21, 29, 37, 1005);

    assertEquals(List.of(
        new PartnerShard(-1, 5, null, 29L, 2),
        new PartnerShard(-1, 5, 29L, 1005L, 2),
        new PartnerShard(-1, 5, 1005L, null, 1)), shards,
        "from the partition's start to its end: every partner of the partition falls in one of them");
    for (long partner : new long[] {5, 13, 21, 29, 37, 1005, 2_000_005}) {
      assertEquals(1, shards.stream().filter(s -> s.holds(partner)).count(), "partner " + partner);
    }
    assertEquals(0, shards.stream().filter(s -> s.holds(14)).count(), "another partition's partner");
  }

  @Test
  void anEmptyPartitionIsOneOpenShard() {
    assertEquals(List.of(new PartnerShard(-1, 2, null, null, 0)), cut(new ShardPlanner(2, 500), 2));
  }

  @Test
  void shardsAreNumberedAcrossPartitions() {
    ShardPlanner planner = new ShardPlanner(1, 500);
    List<PartnerShard> numbered = ShardPlanner.number(List.of(cut(planner, 0, 8, 16), cut(planner, 1, 9)));

    assertEquals(List.of(0, 1, 2), numbered.stream().map(PartnerShard::shard).toList());
    assertEquals(List.of(0, 0, 1), numbered.stream().map(PartnerShard::partition).toList());
  }

  @Test
  void bucketsAreAMultipleOfTheGsi2PartnerPartitionsSoEachIsListedFromOne() {
    ShardPlanner standard = ShardPlanner.standard();
    assertEquals(8, standard.buckets(0));
    assertEquals(8, standard.buckets(4_000));
    assertEquals(16, standard.buckets(4_001));
    assertEquals(24, standard.buckets(10_000), "HubSpot's 10,000 partners: about 417 per bucket");
    for (long partner : new long[] {0, 7, 8, 1_000_003, 123_456_789}) {
      assertEquals(Math.floorMod(partner, 8), Math.floorMod(ShardPlanner.bucketOf(partner, 24), 8),
          "bucket b's partners are all in gsi2 partition b mod 8");
    }
  }

  @Test
  void aShardOrBucketHoldsAtLeastOne() {
    assertThrows(IllegalArgumentException.class, () -> new ShardPlanner(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ShardPlanner(1, 0));
  }

  @Test
  void thePlanGoesToTheStateMachineAsShardsAndBucketsWithTheirCounts() {
    List<PartnerShard> shards = List.of(new PartnerShard(0, 0, null, 16L, 1), new PartnerShard(1, 0, 16L, null, 1));
    RunPlan plan = RunPlan.of(AS_OF, shards, 8, 3, AS_OF.minusSeconds(2));

    Map<String, Object> map = plan.toMap();

    assertEquals("2026-11-28T02:00:00Z", map.get("asOf"));
    assertEquals(plan.plan(), map.get("plan"));
    assertEquals(2, map.get("shardCount"));
    assertEquals("2026-11-28T01:59:58Z", map.get("changesUntil"), "how far the read model had caught up");
    assertEquals(8, map.get("bucketCount"));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), map.get("buckets"));
    assertEquals(List.of(Map.of("shard", 0, "partition", 0, "to", 16L, "partners", 1),
        Map.of("shard", 1, "partition", 0, "from", 16L, "partners", 1)), map.get("shards"));
    assertEquals(shards.get(0), PartnerShard.fromMap(Map.of("shard", 0, "partition", 0, "to", 16, "partners", 1)),
        "as the Lambda runtime reads it back: small numbers as Integer");
    assertNull(PartnerShard.fromMap(Map.of("shard", 1, "partition", 0, "from", 16, "partners", 1)).to());
  }

  @Test
  void thePlanDigestChangesWithAnyBoundOrTheBucketsSoItemsOfAnotherPlanAreNeverTaken() {
    List<PartnerShard> shards = List.of(new PartnerShard(0, 0, null, 16L, 1), new PartnerShard(1, 0, 16L, null, 1));
    String plan = RunPlan.digest(AS_OF, shards, 8);

    assertEquals(plan, RunPlan.digest(AS_OF, List.copyOf(shards), 8), "a pure function of the plan");
    assertEquals(16, plan.length());
    assertNotEquals(plan, RunPlan.digest(AS_OF, List.of(new PartnerShard(0, 0, null, 24L, 1),
        new PartnerShard(1, 0, 24L, null, 1)), 8));
    assertNotEquals(plan, RunPlan.digest(AS_OF, shards, 16));
    assertNotEquals(plan, RunPlan.digest(AS_OF.plusSeconds(1), shards, 8));
  }

  @Test
  void aStepsInputMissingAFieldOrOfTheWrongTypeIsRefusedNamingTheField() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> StepInput.string(Map.of("asOf", "x"), "plan"));
    assertEquals(true, missing.getMessage().contains("plan"));
    assertThrows(IllegalArgumentException.class, () -> StepInput.instant(Map.of("asOf", "yesterday"), "asOf"));
    assertThrows(IllegalArgumentException.class, () -> StepInput.integer(Map.of("bucket", 1.5), "bucket"));
    assertEquals(3, StepInput.integer(Map.of("bucket", "3"), "bucket"));
    assertEquals(3_000_000_000L, StepInput.longValue(Map.of("to", 3_000_000_000L), "to"));
  }
}
