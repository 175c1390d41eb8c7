package com.partnercredit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A table of entries that each take effect at their {@code effectiveFrom} (sections 8 and 10): "the
 * table in force at time t is the one with the latest {@code effectiveFrom <= t}". Before the first
 * entry nothing is in force.
 */
public final class EffectiveDated<T> {

  private final List<T> entries;
  private final long[] effectiveFromMillis;

  private EffectiveDated(List<T> entries, Function<T, Instant> effectiveFrom) {
    List<T> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(effectiveFrom));
    this.entries = List.copyOf(sorted);
    this.effectiveFromMillis = new long[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      effectiveFromMillis[i] = effectiveFrom.apply(sorted.get(i)).toEpochMilli();
      if (i > 0 && effectiveFromMillis[i] == effectiveFromMillis[i - 1]) {
        throw new IllegalArgumentException(
            "two entries take effect at " + effectiveFrom.apply(sorted.get(i)));
      }
    }
  }

  public static <T> EffectiveDated<T> of(List<T> entries, Function<T, Instant> effectiveFrom) {
    return new EffectiveDated<>(entries, effectiveFrom);
  }

  /** The entry in force at {@code t}, if any. */
  public Optional<T> inForceAt(Instant t) {
    return Optional.ofNullable(inForceAtMillis(t.toEpochMilli()));
  }

  T inForceAtMillis(long t) {
    T found = null;
    for (int i = 0; i < effectiveFromMillis.length && effectiveFromMillis[i] <= t; i++) {
      found = entries.get(i);
    }
    return found;
  }

  public List<T> entries() {
    return entries;
  }
}
