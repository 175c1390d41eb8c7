package com.partnercredit.domain;

import java.util.Comparator;
import java.util.List;

/**
 * The one order in which facts apply, so that results depend only on the facts and their times,
 * never on the order of arrival (section 1).
 *
 * <p>By time; at the same millisecond, section 3's order: added/linked/reactivated first (phase
 * {@link #FIRST}, also registrations and client upserts), then deactivated/unlinked/removed (phase
 * {@link #LAST}, also employee removals); then by {@code eventId} (string order). Where the
 * rulebook is silent, an {@link Activity} at the same millisecond sits between the two phases
 * ({@link #ACTIVITY}): it sees users and links added at that millisecond and not yet the removals.
 * Identical facts are one fact; different facts that tie on all of that are ordered by kind and then
 * by their text, so that the order is total.
 */
final class FactOrder {
  static final int FIRST = 0;
  static final int ACTIVITY = 1;
  static final int LAST = 2;

  private FactOrder() {}

  static int phase(Fact fact) {
    if (fact instanceof Activity) {
      return ACTIVITY;
    }
    if (fact instanceof ClientUserDeactivated || fact instanceof ClientUnlinked
        || fact instanceof ClientUserRemoved || fact instanceof EmployeeRemoved) {
      return LAST;
    }
    return FIRST;
  }

  /** A single long that orders by (time, phase): millis × 4 + phase. */
  static long key(long epochMillis, int phase) {
    return epochMillis * 4 + phase;
  }

  static long key(Fact fact) {
    return key(fact.occurredAt().toEpochMilli(), phase(fact));
  }

  static long millis(long key) {
    return Math.floorDiv(key, 4);
  }

  static final Comparator<Fact> ORDER = Comparator
      .comparingLong((Fact f) -> key(f))
      .thenComparing(Fact::eventId)
      .thenComparing((Fact f) -> f.getClass().getSimpleName())
      .thenComparing((Fact f) -> f.toString());

  /** Sorts in {@link #ORDER} and drops repeated (equal) facts. */
  static <T extends Fact> void sortDistinct(List<T> facts) {
    facts.sort(ORDER);
    int kept = 0;
    for (int i = 0; i < facts.size(); i++) {
      T fact = facts.get(i);
      if (kept == 0 || !facts.get(kept - 1).equals(fact)) {
        facts.set(kept++, fact);
      }
    }
    facts.subList(kept, facts.size()).clear();
  }

  /** The last fact in {@link #ORDER} with {@code occurredAt <= t}, or null. */
  static <T extends Fact> T latestAtOrBefore(List<T> facts, long t) {
    T latest = null;
    for (T fact : facts) {
      if (fact.occurredAt().toEpochMilli() <= t && (latest == null || ORDER.compare(fact, latest) > 0)) {
        latest = fact;
      }
    }
    return latest;
  }
}
