package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The activity item's TTL, and the first instant a read needs, which is its inverse. */
class ActivityStoreTest {
  private static final ActivityStore KEPT = new ActivityStore(Duration.ofDays(97));

  @Test
  void theFirstLiveActivityIsTheEarliestWhoseTtlIsAfterTheCurrentSecond() {
    for (long now : new long[] {
        Instant.parse("2026-11-28T10:00:00Z").toEpochMilli(),
        Instant.parse("2026-11-28T10:00:00.001Z").toEpochMilli(),
        Instant.parse("2026-11-28T10:00:00.999Z").toEpochMilli()}) {
      long nowSeconds = Math.floorDiv(now, 1000);
      long first = KEPT.firstLiveMillis(now);

      assertTrue(KEPT.expiresAtSeconds(first) > nowSeconds, "live: a read keeps it");
      assertTrue(KEPT.expiresAtSeconds(first - 1) <= nowSeconds, "the one before is expired: a read drops it");
    }
  }

  @Test
  void theFirstLiveActivityIsAboutTheRetentionAgo() {
    long now = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

    assertEquals(now - Duration.ofDays(97).toMillis() + 1, KEPT.firstLiveMillis(now));
  }

  @Test
  void neverBeforeTheEpoch() {
    assertEquals(0, KEPT.firstLiveMillis(Duration.ofDays(3).toMillis()));
  }
}
