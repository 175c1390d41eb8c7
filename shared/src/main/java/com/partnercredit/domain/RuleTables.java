package com.partnercredit.domain;

import java.time.Instant;

/**
 * The configurable data of the rulebook (sections 8 and 10), each effective-dated. Loaded from
 * {@code src/main/resources/domain/*.json} by {@code com.partnercredit.config.RuleTablesLoader}.
 */
public record RuleTables(
    EffectiveDated<PointRates> pointRates,
    EffectiveDated<CurrencyEquivalents> currencyEquivalents,
    EffectiveDated<TierPolicy> tierPolicies) {

  public RuleTables {
    Check.required(pointRates, "pointRates");
    Check.required(currencyEquivalents, "currencyEquivalents");
    Check.required(tierPolicies, "tierPolicies");
  }

  /**
   * Section 10: a partner's tier at {@code t} on its totals: the highest tier whose minimums, in the
   * policy in force at {@code t}, are all met; {@link Tier#PROVIDER} when none is, or when no policy
   * is in force yet.
   */
  public Tier tierAt(Instant t, Points managed, Points sold, long countedActivities) {
    return tierPolicies.inForceAt(t)
        .map(policy -> policy.tierFor(managed, sold, countedActivities))
        .orElse(Tier.PROVIDER);
  }
}
