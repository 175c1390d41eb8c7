package com.partnercredit.publisher;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the working items of a run (its directory and partial sums, under {@code PUBLISH#}) share:
 * their TTL, their size bound, and the check that they are still there.
 */
final class RunItems {
  /** How long a run's working items are kept after its time: retries of the run reuse them meanwhile. */
  static final Duration KEPT = Duration.ofDays(3);
  /** ... and at least this long after they are written, so that a late re-run finds what it wrote. */
  static final Duration KEPT_AFTER_WRITING = Duration.ofDays(1);
  /** A part's size bound, well under DynamoDB's 400 KB per item. */
  static final int PART_BYTES = 300 * 1024;

  private RunItems() {}

  /**
   * {@code expiresAt} (epoch seconds) of an item written now for the run of {@code asOf}: {@code asOf
   * + 3 days}, or a day after now if that is later. Within two days of {@code asOf} it depends on
   * {@code asOf} only, so a retried step writes the identical item.
   */
  static long expiresAt(Instant asOf, Clock clock) {
    Instant byRun = asOf.plus(KEPT);
    Instant byWrite = clock.instant().plus(KEPT_AFTER_WRITING);
    Instant at = byRun.isAfter(byWrite) ? byRun : byWrite;
    return Math.floorDiv(at.toEpochMilli() + 999, 1000);
  }

  /** True when the item's TTL has passed by the wall clock: gone, whether or not DynamoDB deleted it yet. */
  static boolean expired(Map<String, AttributeValue> item, String ttlAttribute, Clock clock) {
    AttributeValue expiresAt = item.get(ttlAttribute);
    return expiresAt != null && Long.parseLong(expiresAt.n()) <= Math.floorDiv(clock.millis(), 1000);
  }

  /** An upper bound of an attribute value's bytes in an item (names and values in UTF-8, plus overhead). */
  static long bytes(AttributeValue value) {
    if (value.s() != null) {
      return value.s().getBytes(StandardCharsets.UTF_8).length + 1;
    }
    if (value.n() != null) {
      return value.n().length() + 1;
    }
    if (value.bool() != null) {
      return 1;
    }
    long total = 3;
    if (value.hasM()) {
      for (Map.Entry<String, AttributeValue> e : value.m().entrySet()) {
        total += e.getKey().getBytes(StandardCharsets.UTF_8).length + 1 + bytes(e.getValue());
      }
    }
    if (value.hasL()) {
      for (AttributeValue v : value.l()) {
        total += 1 + bytes(v);
      }
    }
    if (value.hasSs()) {
      for (String s : value.ss()) {
        total += s.getBytes(StandardCharsets.UTF_8).length + 1;
      }
    }
    return total;
  }
}
