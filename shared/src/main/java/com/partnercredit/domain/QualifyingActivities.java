package com.partnercredit.domain;

/**
 * Counted activities (those that met the four steps at their own time) in the tier policy's window
 * {@code (asOf - windowDays, asOf]}, over all of the partner's clients (section 10).
 */
public record QualifyingActivities(int windowDays, long count) {

  /** The start of the window at {@code t}: activities counted in {@code (start, t]} count. */
  static long windowStart(long t, int windowDays) {
    return t - windowDays * ClientAccountTimeline.DAY_MILLIS;
  }

  /** Whether an activity counted at {@code at} (not after t) is in the window that starts at {@code start}. */
  static boolean inWindow(long at, long start) {
    return at > start;
  }
}
