package com.partnercredit.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tier minimums in force from {@code effectiveFrom} (section 10, configurable).
 *
 * <p>A partner's tier is the highest whose minimums are all met (not necessarily contiguous with the
 * tiers below). Points are compared as displayed, rounded to 2 decimals, so that what a partner sees
 * is what counts. {@code examples} is true when the thresholds are the shipped examples rather than
 * the program guide's numbers.
 */
public record TierPolicy(
    Instant effectiveFrom, boolean examples, int activityWindowDays,
    List<TierRequirement> requirements) {

  public TierPolicy {
    Check.required(effectiveFrom, "effectiveFrom");
    if (activityWindowDays <= 0) {
      throw new IllegalArgumentException("activityWindowDays must be positive");
    }
    requirements = Check.required(requirements, "requirements").stream()
        .sorted(Comparator.comparing(TierRequirement::tier))
        .toList();
    for (int i = 1; i < requirements.size(); i++) {
      if (requirements.get(i).tier() == requirements.get(i - 1).tier()) {
        throw new IllegalArgumentException("tier " + requirements.get(i).tier() + " twice");
      }
    }
  }

  /** The highest tier whose minimums are all met; PROVIDER when none is. */
  public Tier tierFor(Points managed, Points sold, long countedActivities) {
    Tier tier = Tier.PROVIDER;
    for (TierRequirement r : requirements) {
      if (shortfall(r, managed, sold, countedActivities).isEmpty()) {
        tier = r.tier();
      }
    }
    return tier;
  }

  /**
   * The first tier above {@code current} in this policy and what is still missing to reach it. The
   * points needed are the least total that could meet all minimums: the larger of the total's
   * shortfall and the sum of the sold and managed shortfalls.
   */
  public Optional<NextTier> nextTier(Tier current, Points managed, Points sold, long counted) {
    return requirements.stream()
        .filter(r -> r.tier().compareTo(current) > 0)
        .findFirst()
        .map(r -> {
          Points total = managed.plus(sold);
          Points soldNeeded = Points.of(r.minSoldPoints()).minus(Points.of(sold.rounded())).atLeastZero();
          Points managedNeeded =
              Points.of(r.minManagedPoints()).minus(Points.of(managed.rounded())).atLeastZero();
          Points totalNeeded =
              Points.of(r.minTotalPoints()).minus(Points.of(total.rounded())).atLeastZero();
          Points both = soldNeeded.plus(managedNeeded);
          Points needed = totalNeeded.compareTo(both) >= 0 ? totalNeeded : both;
          return new NextTier(r.tier(), needed, soldNeeded, managedNeeded,
              Math.max(0, r.minQualifyingActivities() - counted));
        });
  }

  private static Optional<String> shortfall(
      TierRequirement r, Points managed, Points sold, long counted) {
    BigDecimal m = managed.rounded();
    BigDecimal s = sold.rounded();
    BigDecimal total = managed.plus(sold).rounded();
    if (total.compareTo(r.minTotalPoints()) < 0) {
      return Optional.of("total points");
    }
    if (s.compareTo(r.minSoldPoints()) < 0) {
      return Optional.of("sold points");
    }
    if (m.compareTo(r.minManagedPoints()) < 0) {
      return Optional.of("managed points");
    }
    if (counted < r.minQualifyingActivities()) {
      return Optional.of("qualifying activities");
    }
    return Optional.empty();
  }
}
