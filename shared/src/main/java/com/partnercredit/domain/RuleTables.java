package com.partnercredit.domain;

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
}
