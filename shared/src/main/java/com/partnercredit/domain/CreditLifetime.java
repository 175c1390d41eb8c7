package com.partnercredit.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How long credit lives, and so how long an activity must be kept: the one home of the 60 days.
 *
 * <ul>
 *   <li>Section 5: each counted activity at {@code a} keeps P servicing C during
 *       {@code [a, a + 60 days)}; at exactly {@code a + 60 days} it no longer counts.
 *   <li>Retention (docs/api.md section 2): an activity is read by the credit rule for 60 days and by
 *       the tier policies' activity windows for as long as the longest of them, and it is kept
 *       {@link #HORIZON} longer, so that every {@code asOf} of the last 7 days is answered exactly
 *       (a publisher run retried hours later publishes the same figures). The store derives the
 *       table's TTL attribute from {@link #retention}.
 * </ul>
 */
public final class CreditLifetime {
  /** Section 5: how long a counted activity keeps a partner servicing a client. */
  public static final Duration PERIOD = Duration.ofDays(60);
  /** How far back from now an {@code asOf} is answered from live facts. */
  public static final Duration HORIZON = Duration.ofDays(7);

  static final long MILLIS = PERIOD.toMillis();

  private CreditLifetime() {}

  /** {@code creditUntil}: when the credit of an activity counted at {@code counted} stops. */
  public static Instant creditUntil(Instant counted) {
    return counted.plus(PERIOD);
  }

  /** Whether an activity counted at {@code countedMillis} still keeps credit alive at {@code t}. */
  static boolean alive(long countedMillis, long t) {
    return t < untilMillis(countedMillis);
  }

  /** The instant at which the credit of an activity counted at {@code countedMillis} stops. */
  static long untilMillis(long countedMillis) {
    return countedMillis + MILLIS;
  }

  /**
   * How long after it happened an activity must be kept: the longest window any rule reads it for
   * (this credit period, or a tier policy's activity window), plus the {@link #HORIZON}.
   */
  public static Duration retention(RuleTables rules) {
    Duration longest = PERIOD;
    for (TierPolicy policy : rules.tierPolicies().entries()) {
      Duration window = Duration.ofDays(policy.activityWindowDays());
      if (window.compareTo(longest) > 0) {
        longest = window;
      }
    }
    return longest.plus(HORIZON);
  }
}
