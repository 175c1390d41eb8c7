package com.partnercredit.domain;

import static com.partnercredit.domain.Scenario.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rulebook sections 1-10, one behaviour per test, beyond the worked examples of section 11. Each test
 * is named after the rule it pins. P1 has domain agency.com and alice; C1 is USD 1000.00 from D0.
 */
class RulebookRulesTest {

  static final long P1 = 111;
  static final long P2 = 112;
  static final long C1 = 222;
  static final long C2 = 223;
  static final long ALICE = 901;
  static final long ALICE_USER = 555;

  static Scenario aliceOnC1() {
    return new Scenario()
        .partner(P1, "agency.com")
        .client(C1, "USD", "1000.00", d(0))
        .employeeAdded(P1, ALICE, "alice@agency.com", d(0))
        .userAdded(C1, ALICE_USER, "alice@agency.com", d(1));
  }

  // ---- Section 1: the world ----

  @Test
  void employeeAndClientUserAreTheSameUserWhenEmailsAreEqualIgnoringCaseAndSpaces() {
    Scenario s = new Scenario()
        .partner(P1, "Agency.COM")
        .client(C1, "USD", "1000.00", d(0))
        .employeeAdded(P1, ALICE, "  Alice@Agency.com ", d(0))
        .userAdded(C1, ALICE_USER, "ALICE@agency.com", d(1))
        .activity(C1, ALICE_USER, d(2));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(3)).status());
  }

  @Test
  void aFactThatArrivesLateChangesThePast() {
    Scenario s = aliceOnC1().activity(C1, ALICE_USER, d(5));
    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(6)).status());

    s.userDeactivated(C1, ALICE_USER, d(4)); // known only now, happened before the activity

    ClientCredit late = s.credit(P1, C1, d(6));
    assertEquals(CreditStatus.NOT_ASSIGNED_AT_ACTIVITY, late.status());
    assertTrue(late.reason().contains("deactivated"), late.reason());
  }

  @Test
  void factsAfterAsOfAreNotYetKnown() {
    Scenario s = aliceOnC1().activity(C1, ALICE_USER, d(5)).userRemoved(C1, ALICE_USER, d(10));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(9)).status());
    assertEquals(d(65), s.credit(P1, C1, d(9)).creditUntil());
  }

  // ---- Section 2: the four steps ----

  @Test
  void activityOfAnEmployeeRemovedFromThePartnerNeverCounts() {
    Scenario s = aliceOnC1().employeeRemoved(P1, ALICE, d(3)).activity(C1, ALICE_USER, d(4));

    ClientCredit c = s.credit(P1, C1, d(5));
    assertEquals(CreditStatus.NOT_ASSIGNED_AT_ACTIVITY, c.status());
    assertTrue(c.reason().contains("not an employee"), c.reason());
  }

  @Test
  void activityBeforeTheUserIsEmployeeNeverCountsEvenWhenTheEmployeeIsAddedLater() {
    Scenario s = new Scenario()
        .partner(P1, "agency.com")
        .client(C1, "USD", "1000.00", d(0))
        .userAdded(C1, ALICE_USER, "alice@agency.com", d(1))
        .activity(C1, ALICE_USER, d(2))
        .employeeAdded(P1, ALICE, "alice@agency.com", d(3));

    ClientCredit c = s.credit(P1, C1, d(4));
    assertEquals(CreditStatus.NO_QUALIFYING_ACTIVITY, c.status()); // not yet a partner employee's activity
    assertEquals("0.00", c.managedCredit().toString());
    assertNull(c.creditUntil());
  }

  @Test
  void activityOfAClientsOwnUserEarnsNoPartnerAnything() {
    Scenario s = aliceOnC1().userAdded(C1, 777, "carol@client.com", d(1)).activity(C1, 777, d(2));

    assertEquals(CreditStatus.NO_QUALIFYING_ACTIVITY, s.credit(P1, C1, d(3)).status());
    assertTrue(s.at(d(3)).client(C1).orElseThrow().shares().isEmpty());
  }

  // ---- Section 3: assignment ----

  @Test
  void automaticAssignmentStartsAtTheLaterOfEmployeeAddedAndUserAdded() {
    Scenario s = new Scenario()
        .partner(P1, "agency.com")
        .client(C1, "USD", "1000.00", d(0))
        .userAdded(C1, ALICE_USER, "alice@agency.com", d(1))
        .employeeAdded(P1, ALICE, "alice@agency.com", d(5))
        .activity(C1, ALICE_USER, d(6));

    assertEquals(d(66), s.credit(P1, C1, d(7)).creditUntil());
  }

  @Test
  void unlinkOverridesAutomaticAssignmentUntilANewLink() {
    Scenario s = aliceOnC1()
        .unlinked(P1, ALICE, C1, d(2))
        .activity(C1, ALICE_USER, d(3))
        .linked(P1, ALICE, C1, d(4))
        .activity(C1, ALICE_USER, d(5));

    assertEquals(CreditStatus.NOT_ASSIGNED_AT_ACTIVITY, s.credit(P1, C1, d(4)).status());
    assertEquals(d(65), s.credit(P1, C1, d(6)).creditUntil());
  }

  @Test
  void linkAssignsOnlyWhileTheEmployeeIsAnEmployeeOfThePartner() {
    Scenario s = new Scenario()
        .partner(P1, "agency.com")
        .client(C1, "USD", "1000.00", d(0))
        .userAdded(C1, 556, "bob@freelance.io", d(1))
        .linked(P1, 902, C1, d(2))
        .activity(C1, 556, d(3))
        .employeeAdded(P1, 902, "bob@freelance.io", d(4))
        .activity(C1, 556, d(5));

    assertEquals(d(65), s.credit(P1, C1, d(6)).creditUntil());
  }

  @Test
  void automaticAssignmentUsesTheDomainsOfTheRegistrationInForce() {
    Scenario s = new Scenario()
        .add(new PartnerRegistered("r1", d(-30), P1, "P1", List.of("old.com"), false))
        .add(new PartnerRegistered("r2", d(10), P1, "P1", List.of("old.com", "agency.com"), false))
        .client(C1, "USD", "1000.00", d(0))
        .employeeAdded(P1, ALICE, "alice@agency.com", d(0))
        .userAdded(C1, ALICE_USER, "alice@agency.com", d(1))
        .activity(C1, ALICE_USER, d(5))
        .activity(C1, ALICE_USER, d(11));

    assertEquals(d(71), s.credit(P1, C1, d(12)).creditUntil());
    assertEquals(CreditStatus.NOT_ASSIGNED_AT_ACTIVITY, s.credit(P1, C1, d(9)).status());
  }

  @Test
  void reactivationRestoresCountingFromItsTime() {
    Scenario s = aliceOnC1()
        .userDeactivated(C1, ALICE_USER, d(2))
        .activity(C1, ALICE_USER, d(3))
        .userReactivated(C1, ALICE_USER, d(4))
        .activity(C1, ALICE_USER, d(5));

    assertEquals(d(65), s.credit(P1, C1, d(6)).creditUntil());
  }

  @Test
  void sameTimestampAddedBeforeRemovedSoAUserAddedAndRemovedAtOnceIsGone() {
    Scenario s = aliceOnC1()
        .add(new ClientUserRemoved("a-removed", d(2), C1, 556))
        .add(new ClientUserAdded("z-added", d(2), C1, 556, "bob@agency.com"))
        .employeeAdded(P1, 902, "bob@agency.com", d(0))
        .activity(C1, 556, d(3));

    ClientCredit c = s.credit(P1, C1, d(4));
    assertEquals(CreditStatus.NOT_ASSIGNED_AT_ACTIVITY, c.status());
    assertNull(c.creditUntil());
    assertEquals("0.00", c.managedCredit().toString());
  }

  @Test
  void sameTimestampReactivatedBeforeDeactivatedSoTheUserEndsDeactivated() {
    Scenario s = aliceOnC1()
        .add(new ClientUserDeactivated("a-deactivated", d(2), C1, ALICE_USER))
        .add(new ClientUserReactivated("z-reactivated", d(2), C1, ALICE_USER))
        .activity(C1, ALICE_USER, d(3));

    assertEquals(CreditStatus.NOT_ASSIGNED_AT_ACTIVITY, s.credit(P1, C1, d(4)).status());
  }

  @Test
  void sameTimestampLinkedBeforeUnlinkedSoTheClientEndsUnlinked() {
    Scenario s = aliceOnC1()
        .add(new ClientUnlinked("a-unlinked", d(2), P1, ALICE, C1))
        .add(new ClientLinked("z-linked", d(2), P1, ALICE, C1))
        .activity(C1, ALICE_USER, d(3));

    assertEquals(CreditStatus.NOT_ASSIGNED_AT_ACTIVITY, s.credit(P1, C1, d(4)).status());
  }

  @Test
  void sameTimestampAndSamePhaseApplyByEventId() {
    // two additions of user 556 at the same millisecond: the later eventId wins (its email)
    Scenario s = aliceOnC1()
        .employeeAdded(P1, 902, "bob@agency.com", d(0))
        .add(new ClientUserAdded("b", d(2), C1, 556, "bob@agency.com"))
        .add(new ClientUserAdded("a", d(2), C1, 556, "carol@client.com"))
        .activity(C1, 556, d(3));

    assertEquals(d(63), s.credit(P1, C1, d(4)).creditUntil());
  }

  @Test
  void deactivatingOrReactivatingAUserNeverAddedChangesNothing() {
    Scenario base = aliceOnC1().activity(C1, ALICE_USER, d(2));
    Evaluation expected = base.at(d(3));

    Scenario s = aliceOnC1().activity(C1, ALICE_USER, d(2))
        .userDeactivated(C1, 999, d(1))
        .userReactivated(C1, 999, d(2));

    assertEquals(expected, s.at(d(3)));
  }

  // ---- Section 4: qualifying activities ----

  @Test
  void nonQualifyingActivityDoesNotEvenMakeAClientKnown() {
    Scenario s = aliceOnC1().add(new Activity("login", C2, ALICE_USER, "user.login", d(2), false));

    assertTrue(s.at(d(3)).client(C2).isEmpty());
    assertEquals(aliceOnC1().at(d(3)), s.at(d(3)));
  }

  // ---- Section 6: ending the relationship ----

  @Test
  void removingTheLastEmployeeUserEndsCreditAtOnceAndOnlyActivityAfterTheFreshStartCounts() {
    Scenario s = aliceOnC1()
        .activity(C1, ALICE_USER, d(2))
        .userRemoved(C1, ALICE_USER, d(10))
        .userAdded(C1, ALICE_USER, "alice@agency.com", d(20));

    ClientCredit afterFreshStart = s.credit(P1, C1, d(21));
    assertEquals(CreditStatus.ENDED, afterFreshStart.status());
    assertNull(afterFreshStart.creditUntil());

    s.activity(C1, ALICE_USER, d(25));
    assertEquals(d(85), s.credit(P1, C1, d(26)).creditUntil());
    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(26)).status());
  }

  @Test
  void activityBeforeTheEndStopsCountingEvenWhenItArrivesLate() {
    Scenario s = aliceOnC1()
        .userRemoved(C1, ALICE_USER, d(10))
        .userAdded(C1, ALICE_USER, "alice@agency.com", d(20))
        .activity(C1, ALICE_USER, d(9)); // before the end, delivered last

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(9)).status());
    assertEquals(CreditStatus.ENDED, s.credit(P1, C1, d(21)).status());
  }

  @Test
  void removingSomeButNotAllEmployeeUsersLetsCountedActivitiesRunOut() {
    Scenario s = aliceOnC1()
        .employeeAdded(P1, 902, "bob@agency.com", d(0))
        .userAdded(C1, 556, "bob@agency.com", d(1))
        .activity(C1, 556, d(2))
        .userRemoved(C1, 556, d(10));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(61)).status());
    assertEquals(d(62), s.credit(P1, C1, d(61)).creditUntil());
  }

  @Test
  void removingAnEmployeeFromThePartnerLetsCountedActivitiesRunOut() {
    Scenario s = aliceOnC1().activity(C1, ALICE_USER, d(2)).employeeRemoved(P1, ALICE, d(10));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(61)).status());
  }

  @Test
  void removingTheUserOfAFormerEmployeeLeavesNoEmployeeUserAndEndsCreditAtOnce() {
    Scenario s = aliceOnC1()
        .activity(C1, ALICE_USER, d(2))
        .employeeRemoved(P1, ALICE, d(10))
        .userRemoved(C1, ALICE_USER, d(20));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(19)).status());
    assertEquals(CreditStatus.ENDED, s.credit(P1, C1, d(20)).status());
  }

  @Test
  void removingAClientsOwnUserEndsNoPartnersCredit() {
    Scenario s = aliceOnC1()
        .userAdded(C1, 777, "carol@client.com", d(1))
        .activity(C1, ALICE_USER, d(2))
        .employeeRemoved(P1, ALICE, d(10))
        .userRemoved(C1, 777, d(20));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(30)).status());
  }

  @Test
  void removingTheLastEmployeeUserEndsOnlyThatPartnersCredit() {
    Scenario s = WorkedExamplesTest.servicedBy(P1, P2).userRemoved(C1, P1 * 100, d(10));

    assertEquals(CreditStatus.ENDED, s.credit(P1, C1, d(11)).status());
    ClientCredit p2 = s.credit(P2, C1, d(11));
    assertEquals(CreditStatus.SERVICED, p2.status());
    assertEquals("1000.00", p2.managedCredit().toString());
  }

  // ---- Section 7: MRR and the split ----

  @Test
  void mrrInForceIsTheLatestSubscriptionChangeAtOrBeforeT() {
    Scenario s = aliceOnC1()
        .subscriptionChanged(C1, "USD", "2000.00", d(5))
        .activity(C1, ALICE_USER, d(2));

    assertEquals("1000.00", s.credit(P1, C1, d(4)).managedCredit().toString());
    assertEquals("2000.00", s.credit(P1, C1, d(5)).managedCredit().toString());
  }

  @Test
  void noSubscriptionMeansZeroMrr() {
    Scenario s = new Scenario()
        .partner(P1, "agency.com")
        .add(new ClientUpserted("c", d(0), C1, "C1", "c1.com", java.util.Currency.getInstance("USD")))
        .employeeAdded(P1, ALICE, "alice@agency.com", d(0))
        .userAdded(C1, ALICE_USER, "alice@agency.com", d(1))
        .activity(C1, ALICE_USER, d(2));

    ClientCredit c = s.credit(P1, C1, d(3));
    assertEquals(CreditStatus.SERVICED, c.status());
    assertEquals("0.00", c.mrr().toString());
    assertEquals("0.00", c.managedPoints().toString());
  }

  // ---- Section 8: points ----

  @Test
  void growthMarketPartnersEarnTwoManagedPointsPer100FromTheJuly2025Table() {
    Instant day = Instant.parse("2025-07-10T10:00:00Z");
    Scenario s = new Scenario()
        .add(new PartnerRegistered("r", day.minus(Duration.ofDays(30)), P1, "P1", List.of("agency.com"), true))
        .client(C1, "USD", "1000.00", day)
        .employeeAdded(P1, ALICE, "alice@agency.com", day)
        .userAdded(C1, ALICE_USER, "alice@agency.com", day)
        .activity(C1, ALICE_USER, day.plus(Duration.ofDays(1)));

    assertEquals("10.00", s.credit(P1, C1, day.plus(Duration.ofDays(2))).managedPoints().toString());
    assertEquals("20.00", s.credit(P1, C1, day.plus(Duration.ofDays(6))).managedPoints().toString());
  }

  @Test
  void partnerTotalIsTheExactSumRoundedOnceHalfEven() {
    // EUR 0.44 / 88 = 0.005 points per client: each row shows 0.00, the total of three shows 0.02
    Scenario s = new Scenario().partner(P1, "agency.com").employeeAdded(P1, ALICE, "alice@agency.com", d(0));
    for (long c = 1; c <= 3; c++) {
      s.client(c, "EUR", "0.44", d(0)).userAdded(c, c, "alice@agency.com", d(1)).activity(c, c, d(2));
    }

    PartnerBreakdown p = s.partner(P1, d(3));
    for (ClientCredit c : p.clients()) {
      assertEquals("0.00", c.managedPoints().toString());
    }
    assertEquals(Points.of("0.015"), p.points().managed());
    assertEquals("0.02", p.points().managed().toString());
  }

  @Test
  void aCurrencyWithoutAnEquivalentShowsZeroPointsAndTheReasonForThatClientOnly() {
    Scenario s = aliceOnC1()
        .client(C2, "CHF", "900.00", d(0))
        .userAdded(C2, 556, "alice@agency.com", d(1))
        .activity(C1, ALICE_USER, d(2))
        .activity(C2, 556, d(2));

    PartnerBreakdown p = s.partner(P1, d(3));
    ClientCredit chf = s.credit(P1, C2, d(3));
    assertEquals(CreditStatus.NO_CONVERSION_RATE, chf.status());
    assertEquals("900.00", chf.managedCredit().toString());
    assertEquals("0.00", chf.managedPoints().toString());
    assertTrue(chf.reason().contains("CHF"), chf.reason());
    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(3)).status());
    assertEquals("10.00", p.points().managed().toString());
  }

  // ---- Section 9: sold points ----

  @Test
  void soldPointsLastTwelveCalendarMonthsAtTheRateInForceAtTheSale() {
    Instant before = Instant.parse("2024-02-26T10:00:00Z");
    Instant after = Instant.parse("2024-02-27T10:00:00Z");
    Scenario s = new Scenario()
        .add(new PartnerRegistered("r", Instant.parse("2024-01-01T00:00:00Z"), P1, "P1", List.of(), false))
        .dealSold(P1, C1, "1000.00", "USD", DealKind.SOURCED, before)
        .dealSold(P1, C1, "1000.00", "USD", DealKind.SOURCED, after);

    assertEquals("80.00", s.partner(P1, Instant.parse("2024-03-01T00:00:00Z")).points().sold().toString());
    assertEquals("80.00", s.partner(P1, Instant.parse("2025-02-26T09:59:59.999Z")).points().sold().toString());
    assertEquals("50.00", s.partner(P1, Instant.parse("2025-02-26T10:00:00Z")).points().sold().toString());
    assertEquals("0.00", s.partner(P1, Instant.parse("2025-02-27T10:00:00Z")).points().sold().toString());
  }

  @Test
  void growthMarketPartnersEarnGrowthMarketSoldRates() {
    Instant sale = Instant.parse("2024-06-01T10:00:00Z");
    Scenario s = new Scenario()
        .add(new PartnerRegistered("r", Instant.parse("2024-01-01T00:00:00Z"), P1, "P1", List.of(), true))
        .dealSold(P1, C1, "1000.00", "USD", DealKind.SOURCED, sale)
        .dealSold(P1, C2, "1000.00", "USD", DealKind.ASSISTED, sale);

    PartnerBreakdown p = s.partner(P1, sale.plus(Duration.ofDays(1)));
    assertEquals("160.00", p.points().sold().toString());
    assertEquals(2, p.soldDeals().size());
  }

  @Test
  void aSoldDealKeepsTheRateOfItsSaleWhenTheTableChanges() {
    Instant sale = Instant.parse("2025-07-01T10:00:00Z");
    Scenario s = new Scenario()
        .add(new PartnerRegistered("r", Instant.parse("2024-01-01T00:00:00Z"), P1, "P1", List.of(), false))
        .dealSold(P1, C1, "750.00", "EUR", DealKind.ASSISTED, sale);

    // EUR 750 = US$1000 before 2025-07-15; the later EUR 88 equivalent does not apply to this sale
    assertEquals("30.00", s.partner(P1, Instant.parse("2025-12-01T00:00:00Z")).points().sold().toString());
  }

  // ---- Section 10: tiers ----

  /** Sold 100 (USD 2000 sourced), managed 300 (USD 30000), and {@code activities} counted activities. */
  static Scenario diamondCandidate(int activities, int firstDay) {
    Scenario s = new Scenario()
        .add(new PartnerRegistered("r", d(-300), P1, "P1", List.of("agency.com"), false))
        .client(C1, "USD", "30000.00", d(-200))
        .employeeAdded(P1, ALICE, "alice@agency.com", d(-200))
        .userAdded(C1, ALICE_USER, "alice@agency.com", d(-200))
        .dealSold(P1, C2, "2000.00", "USD", DealKind.SOURCED, d(-10));
    for (int i = 0; i < activities; i++) {
      s.activity(C1, ALICE_USER, d(firstDay + i));
    }
    return s.activity(C1, ALICE_USER, d(-1));
  }

  @Test
  void tierIsTheHighestWhoseMinimumsAreAllMetIncludingCountedActivitiesInTheWindow() {
    PartnerBreakdown diamond = diamondCandidate(24, -89).partner(P1, d(0));
    assertEquals(25, diamond.qualifyingActivities().count());
    assertEquals(90, diamond.qualifyingActivities().windowDays());
    assertEquals(Tier.DIAMOND, diamond.tier());
    assertEquals(Tier.ELITE, diamond.nextTier().tier());
  }

  @Test
  void activitiesOutsideTheWindowDoNotCountTowardsTheTier() {
    PartnerBreakdown platinum = diamondCandidate(24, -114).partner(P1, d(0));
    assertEquals(Tier.PLATINUM, platinum.tier());
    assertEquals(1, platinum.qualifyingActivities().count()); // D-114..D-91 are 90 days or more ago
    assertEquals(Tier.DIAMOND, platinum.nextTier().tier());
    assertEquals(24, platinum.nextTier().qualifyingActivitiesNeeded());
  }

  @Test
  void shippedTierThresholdsAreMarkedAsExamples() {
    for (TierPolicy policy : Scenario.RULES.tierPolicies().entries()) {
      assertTrue(policy.examples(), "policy from " + policy.effectiveFrom());
    }
    assertTrue(aliceOnC1().partner(P1, d(3)).tierThresholdsAreExamples());
  }

  // ---- Projection ----

  @Test
  void projectionShowsManagedPointsAt30And60And90DaysIfNoNewActivityHappens() {
    Scenario s = WorkedExamplesTest.servicedBy(P1, P2).activity(C1, P2 * 100, d(40));

    PartnerBreakdown p2 = s.partner(P2, d(41));
    assertEquals(List.of(d(71), d(101), d(131)), p2.projection().stream().map(ProjectedPoints::at).toList());
    // at D71 P1's credit (until D62) has run out, so P2 alone takes the full 1000.00
    assertEquals(List.of("10.00", "0.00", "0.00"),
        p2.projection().stream().map(x -> x.managed().toString()).toList());
    assertEquals("5.00", p2.points().managed().toString());
    assertFalse(s.partner(P1, d(41)).projection().stream().anyMatch(x -> x.managed().signum() != 0));
  }

  @Test
  void everyFactDeliveredAgainWithTheSameContentIsOneFact() {
    List<Fact> facts = new ArrayList<>(aliceOnC1().activity(C1, ALICE_USER, d(2)).facts());
    Evaluation once = Scenario.ENGINE.evaluate(facts, d(3));
    facts.addAll(List.copyOf(facts));

    assertEquals(once, Scenario.ENGINE.evaluate(facts, d(3)));
  }
}
