package com.partnercredit.domain;

import java.math.BigDecimal;

/**
 * A tier's minimums (section 10): total points, sold points, managed points and, optionally (0 when
 * not required), a number of counted activities within the policy's window.
 */
public record TierRequirement(
    Tier tier, BigDecimal minTotalPoints, BigDecimal minSoldPoints, BigDecimal minManagedPoints,
    long minQualifyingActivities) {

  public TierRequirement {
    Check.required(tier, "tier");
    Check.required(minTotalPoints, "minTotalPoints");
    Check.required(minSoldPoints, "minSoldPoints");
    Check.required(minManagedPoints, "minManagedPoints");
    if (tier == Tier.PROVIDER) {
      throw new IllegalArgumentException("PROVIDER has no requirement: it is below GOLD");
    }
  }
}
