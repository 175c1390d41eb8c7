package com.partnercredit.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerBreakdown;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The priming portfolio exercises the engine: every fact kind it replays, credit in three currencies, sold points. */
class PrimingFactsTest {
  private static final Instant AS_OF = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void thePortfolioHoldsEveryFactKindTheEngineReplaysButUnlinksAndDeactivations() {
    Set<String> kinds = PrimingFacts.portfolio(AS_OF).stream().map(f -> f.getClass().getSimpleName())
        .collect(Collectors.toSet());

    assertEquals(Set.of("PartnerRegistered", "EmployeeAdded", "EmployeeRemoved", "ClientUpserted",
        "SubscriptionChanged", "ClientUserAdded", "ClientUserRemoved", "ClientLinked", "DealSold", "Activity"), kinds);
  }

  @Test
  void itsPartnerEarnsManagedCreditInThreeCurrenciesAndSoldPoints() {
    PartnerBreakdown partner = new CreditEngine(RuleTablesLoader.fromClasspath())
        .evaluate(PrimingFacts.portfolio(AS_OF), AS_OF).partner(PrimingFacts.PARTNER).orElseThrow();

    assertEquals(3, partner.clients().size());
    assertEquals(3, partner.clients().stream().map(c -> c.currency()).distinct().count());
    assertTrue(partner.points().managed().signum() > 0, partner.points().toString());
    assertTrue(partner.points().sold().signum() > 0, partner.points().toString());
  }
}
