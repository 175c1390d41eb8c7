package com.partnercredit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.config.RuleTablesLoader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one home of the 60 days, and of how long an activity is kept (docs/api.md section 2). */
class CreditLifetimeTest {
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void creditLivesSixtyDaysAndEndsAtExactlySixtyDays() {
    assertEquals(T.plus(Duration.ofDays(60)), CreditLifetime.creditUntil(T));
    long a = T.toEpochMilli();
    assertTrue(CreditLifetime.alive(a, a + Duration.ofDays(60).toMillis() - 1));
    assertFalse(CreditLifetime.alive(a, a + Duration.ofDays(60).toMillis()));
  }

  @Test
  void activitiesAreKeptForTheLongestWindowAnyRuleReadsPlusTheHorizon() {
    RuleTables shipped = RuleTablesLoader.fromClasspath();
    int longestPolicyWindow = shipped.tierPolicies().entries().stream()
        .mapToInt(TierPolicy::activityWindowDays).max().orElse(0);
    assertEquals(Duration.ofDays(Math.max(60, longestPolicyWindow) + 7), CreditLifetime.retention(shipped));

    RuleTables shortWindow = withPolicyWindow(shipped, 30);
    assertEquals(Duration.ofDays(60 + 7), CreditLifetime.retention(shortWindow));
    RuleTables longWindow = withPolicyWindow(shipped, 180);
    assertEquals(Duration.ofDays(180 + 7), CreditLifetime.retention(longWindow));
  }

  @Test
  void noTierPolicyInForceIsProvider() {
    RuleTables shipped = RuleTablesLoader.fromClasspath();
    Instant beforeAnyPolicy = Instant.parse("2000-01-01T00:00:00Z");
    Points plenty = Points.of(new BigDecimal("100000"));
    assertEquals(Tier.PROVIDER, new RuleTables(shipped.pointRates(), shipped.currencyEquivalents(),
        EffectiveDated.of(List.of(), TierPolicy::effectiveFrom)).tierAt(beforeAnyPolicy, plenty, plenty, 1000));
  }

  private static RuleTables withPolicyWindow(RuleTables rules, int days) {
    TierPolicy first = rules.tierPolicies().entries().get(0);
    TierPolicy policy = new TierPolicy(first.effectiveFrom(), first.examples(), days, first.requirements());
    return new RuleTables(rules.pointRates(), rules.currencyEquivalents(),
        EffectiveDated.of(List.of(policy), TierPolicy::effectiveFrom));
  }
}
