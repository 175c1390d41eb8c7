package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link PartitionThrottle}'s buckets on a clock the test moves: what is admitted is a count, never a time. */
class PartitionThrottleTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  /** 10 units a second, a burst of 4; an item costs its "units" attribute (default 1). */
  private final PartitionThrottle throttle = new PartitionThrottle(10, 4, nanos::get,
      item -> item.containsKey("units") ? Long.parseLong(item.get("units").n()) : 0);

  private static Map<String, AttributeValue> item(long units) {
    return Map.of("pk", AttributeValue.fromS("P"), "units", AttributeValue.fromN(Long.toString(units)));
  }

  private void advanceMillis(long millis) {
    nanos.addAndGet(millis * 1_000_000);
  }

  @Test
  void aPartitionStartsWithItsBurstAndIsThrottledPastIt() {
    for (int i = 0; i < 4; i++) {
      assertTrue(throttle.admit("A", item(1)), "write " + i + " of the burst");
    }
    assertFalse(throttle.admit("A", item(1)), "the fifth write at once");
    assertFalse(throttle.admit("A", item(1)));

    assertEquals(4, throttle.consumed("A"), "only what went through is consumed");
    assertEquals(2, throttle.throttledWrites());
  }

  @Test
  void partitionsHaveTheirOwnBuckets() {
    for (int i = 0; i < 4; i++) {
      throttle.admit("hot", item(1));
    }
    assertFalse(throttle.admit("hot", item(1)));
    assertTrue(throttle.admit("cold", item(1)), "a hot partition does not throttle another");

    assertEquals(Map.of("cold", 1L, "hot", 4L), throttle.consumed());
    assertEquals(0, throttle.consumed("never written"));
  }

  @Test
  void theBucketRefillsAtItsRateUpToItsBurst() {
    assertTrue(throttle.admit("A", item(4)));
    assertFalse(throttle.admit("A", item(1)));

    advanceMillis(100); // 10 units a second: one unit
    assertTrue(throttle.admit("A", item(1)));
    assertFalse(throttle.admit("A", item(1)));

    advanceMillis(60_000); // a minute idle fills the bucket to its burst only
    assertTrue(throttle.admit("A", item(4)));
    assertFalse(throttle.admit("A", item(1)));
    assertEquals(9, throttle.consumed("A"));
    assertEquals(3, throttle.throttledWrites());
  }

  @Test
  void anItemCostsItsUnitsAndAtLeastOne() {
    assertFalse(throttle.admit("A", item(5)), "larger than the burst: never admitted at once");
    assertTrue(throttle.admit("A", item(3)));
    assertTrue(throttle.admit("A", item(0)), "a unit at least");
    assertFalse(throttle.admit("A", item(0)));

    assertEquals(4, throttle.consumed("A"));
    assertEquals(2, throttle.throttledWrites());
  }
}
