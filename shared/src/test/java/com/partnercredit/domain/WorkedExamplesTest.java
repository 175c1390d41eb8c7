package com.partnercredit.domain;

import static com.partnercredit.domain.Scenario.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rulebook section 11: each worked example as its own test. P1 has domain agency.com; C1 is USD 1000.00. */
class WorkedExamplesTest {

  static final long P1 = 111;
  static final long P2 = 112;
  static final long P3 = 113;
  static final long C1 = 222;

  /** P1 with alice, C1 in USD with MRR 1000.00 from D0. */
  static Scenario agencyWithClient() {
    return new Scenario()
        .partner(P1, "agency.com")
        .client(C1, "USD", "1000.00", d(0))
        .employeeAdded(P1, 901, "alice@agency.com", d(0));
  }

  // Example 1
  @Test
  void automaticAssignmentCreditsTheFullMrrUntil60DaysAfterTheActivity() {
    Scenario s = agencyWithClient().userAdded(C1, 555, "alice@agency.com", d(1)).activity(C1, 555, d(2));

    ClientCredit atD3 = s.credit(P1, C1, d(3));
    assertEquals(CreditStatus.SERVICED, atD3.status());
    assertEquals("1000.00", atD3.managedCredit().toString());
    assertEquals("USD", atD3.currency().getCurrencyCode());
    assertEquals("10.00", atD3.managedPoints().toString());
    assertEquals(d(62), atD3.creditUntil());
    assertEquals(List.of(new EmployeeCredit(901, "alice@agency.com", d(2))), atD3.employees());
    assertEquals("last qualifying activity " + d(2) + " by alice@agency.com", atD3.reason());
  }

  // Example 1, at D62
  @Test
  void creditIsZeroSixtyDaysAfterTheLastActivity() {
    Scenario s = agencyWithClient().userAdded(C1, 555, "alice@agency.com", d(1)).activity(C1, 555, d(2));

    ClientCredit atD62 = s.credit(P1, C1, d(62));
    assertEquals(CreditStatus.EXPIRED, atD62.status());
    assertEquals("0.00", atD62.managedCredit().toString());
    assertEquals("0.00", atD62.managedPoints().toString());
    assertEquals("0.00", s.partner(P1, d(62)).points().total().toString());
  }

  // Example 2
  @Test
  void loggingInNeverEarnsCredit() {
    Scenario s = agencyWithClient().userAdded(C1, 555, "alice@agency.com", d(1)).login(C1, 555, d(2));

    for (int day : new int[] {2, 3, 30, 61, 62, 100}) {
      ClientCredit c = s.credit(P1, C1, d(day));
      assertEquals("0.00", c.managedCredit().toString(), "day " + day);
      assertEquals(CreditStatus.NO_QUALIFYING_ACTIVITY, c.status(), "day " + day);
    }
  }

  // Example 3, first half
  @Test
  void activityBeforeAssignmentNeverCounts() {
    Scenario s = new Scenario()
        .partner(P1, "agency.com")
        .client(C1, "USD", "1000.00", d(0))
        .employeeAdded(P1, 902, "bob@freelance.io", d(1))
        .userAdded(C1, 556, "bob@freelance.io", d(1))
        .activity(C1, 556, d(2))
        .linked(P1, 902, C1, d(3));

    for (int day : new int[] {2, 3, 30}) {
      ClientCredit c = s.credit(P1, C1, d(day));
      assertEquals(CreditStatus.NOT_ASSIGNED_AT_ACTIVITY, c.status(), "day " + day);
      assertEquals("0.00", c.managedCredit().toString(), "day " + day);
      assertTrue(c.reason().contains("not assigned to bob@freelance.io"), c.reason());
    }
  }

  // Example 3, second half
  @Test
  void manualLinkAssignsAnEmployeeWhoseDomainDoesNotMatch() {
    Scenario s = new Scenario()
        .partner(P1, "agency.com")
        .client(C1, "USD", "1000.00", d(0))
        .employeeAdded(P1, 902, "bob@freelance.io", d(1))
        .userAdded(C1, 556, "bob@freelance.io", d(1))
        .activity(C1, 556, d(2))
        .linked(P1, 902, C1, d(3))
        .activity(C1, 556, d(4));

    assertEquals("0.00", s.credit(P1, C1, d(3)).managedCredit().toString());
    assertEquals("1000.00", s.credit(P1, C1, d(4)).managedCredit().toString());
    assertEquals("1000.00", s.credit(P1, C1, d(63)).managedCredit().toString());
    assertEquals(d(64), s.credit(P1, C1, d(5)).creditUntil());
    assertEquals("0.00", s.credit(P1, C1, d(64)).managedCredit().toString());
  }

  static Scenario servicedBy(long... partners) {
    Scenario s = new Scenario().client(C1, "USD", "1000.00", d(0));
    for (long p : partners) {
      s.partner(p, "agency" + p + ".com")
          .employeeAdded(p, p * 10, "emp@agency" + p + ".com", d(0))
          .userAdded(C1, p * 100, "emp@agency" + p + ".com", d(1))
          .activity(C1, p * 100, d(2));
    }
    return s;
  }

  // Example 4, two partners
  @Test
  void servicingPartnersShareTheMrrEvenly() {
    Scenario s = servicedBy(P1, P2);

    for (long p : new long[] {P1, P2}) {
      ClientCredit c = s.credit(p, C1, d(3));
      assertEquals("500.00", c.managedCredit().toString());
      assertEquals("5.00", c.managedPoints().toString());
      assertEquals(2, c.servicingPartners());
    }
  }

  // Example 4, three partners
  @Test
  void remainderOfAnUnevenSplitGoesOneCentEachToAscendingPartnerIds() {
    Scenario s = servicedBy(P3, P1, P2);

    assertEquals("333.34", s.credit(P1, C1, d(3)).managedCredit().toString());
    assertEquals("333.33", s.credit(P2, C1, d(3)).managedCredit().toString());
    assertEquals("333.33", s.credit(P3, C1, d(3)).managedCredit().toString());
    ClientSplit split = s.at(d(3)).client(C1).orElseThrow();
    assertEquals(100000, split.shares().stream().mapToLong(x -> x.credit().minorUnits()).sum());
  }

  // Example 5
  @Test
  void everyCountedActivityExtendsCreditTo60DaysAfterIt() {
    Scenario s = agencyWithClient()
        .userAdded(C1, 555, "alice@agency.com", d(1))
        .activity(C1, 555, d(2))
        .activity(C1, 555, d(40));

    assertEquals(d(100), s.credit(P1, C1, d(41)).creditUntil());
    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(99)).status());
    assertEquals(CreditStatus.EXPIRED, s.credit(P1, C1, d(100)).status());
  }

  // Example 6
  @Test
  void removingEveryEmployeeFromTheClientAccountEndsCreditImmediately() {
    Scenario s = agencyWithClient()
        .userAdded(C1, 555, "alice@agency.com", d(1))
        .activity(C1, 555, d(2))
        .userRemoved(C1, 555, d(10));

    assertEquals("1000.00", s.credit(P1, C1, d(9)).managedCredit().toString());
    ClientCredit atD10 = s.credit(P1, C1, d(10));
    assertEquals(CreditStatus.ENDED, atD10.status());
    assertEquals("0.00", atD10.managedCredit().toString());
    assertNull(atD10.creditUntil());
  }

  // Example 7
  @Test
  void unlinkStopsNewActivitiesFromCountingButCountedOnesRunOut() {
    Scenario s = agencyWithClient()
        .userAdded(C1, 555, "alice@agency.com", d(1))
        .activity(C1, 555, d(2))
        .unlinked(P1, 901, C1, d(10))
        .activity(C1, 555, d(20));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(61)).status());
    assertEquals(d(62), s.credit(P1, C1, d(61)).creditUntil());
    assertEquals(CreditStatus.EXPIRED, s.credit(P1, C1, d(62)).status());
  }

  static Scenario deactivatedAtD10ReactivatedAtD30() {
    return agencyWithClient()
        .userAdded(C1, 555, "alice@agency.com", d(1))
        .activity(C1, 555, d(2))
        .userDeactivated(C1, 555, d(10))
        .activity(C1, 555, d(15))
        .userReactivated(C1, 555, d(30));
  }

  // Example 8
  @Test
  void deactivatedUsersActivitiesDoNotCountAndReactivationRestoresFromItsTime() {
    Scenario s = deactivatedAtD10ReactivatedAtD30().activity(C1, 555, d(31));

    for (int day = 2; day < 91; day++) {
      assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(day)).status(), "day " + day);
    }
    assertEquals(d(91), s.credit(P1, C1, d(31)).creditUntil());
    assertEquals(CreditStatus.EXPIRED, s.credit(P1, C1, d(91)).status());
  }

  // Example 8, without the D31 activity
  @Test
  void activityWhileDeactivatedDoesNotExtendCredit() {
    Scenario s = deactivatedAtD10ReactivatedAtD30();

    assertEquals(d(62), s.credit(P1, C1, d(40)).creditUntil());
    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(61)).status());
    assertEquals(CreditStatus.EXPIRED, s.credit(P1, C1, d(62)).status());
  }

  static Scenario euroClient() {
    long c2 = 223;
    return new Scenario()
        .add(new PartnerRegistered("reg", Instant.parse("2025-01-01T00:00:00Z"), P1, "P1", List.of("agency.com"), false))
        .client(c2, "EUR", "750.00", Instant.parse("2025-06-01T10:00:00Z"))
        .employeeAdded(P1, 901, "alice@agency.com", Instant.parse("2025-06-01T10:00:00Z"))
        .userAdded(c2, 555, "alice@agency.com", Instant.parse("2025-06-01T10:00:00Z"))
        .activity(c2, 555, Instant.parse("2025-06-20T10:00:00Z"))
        .activity(c2, 555, Instant.parse("2025-07-20T10:00:00Z"));
  }

  // Example 9
  @Test
  void pointsUseTheCurrencyEquivalentInForceAtTheTime() {
    Scenario s = euroClient();

    assertEquals("10.00", s.credit(P1, 223, Instant.parse("2025-07-01T00:00:00Z")).managedPoints().toString());
    assertEquals("8.52", s.credit(P1, 223, Instant.parse("2025-08-01T00:00:00Z")).managedPoints().toString());
  }

  /** Examples 1-9 side by side, each in its own partners and clients. */
  static List<Fact> examplesOneToNine() {
    List<Fact> all = new ArrayList<>();
    List<Scenario> scenarios = List.of(
        agencyWithClient().userAdded(C1, 555, "alice@agency.com", d(1)).activity(C1, 555, d(2)),
        agencyWithClient().userAdded(C1, 555, "alice@agency.com", d(1)).login(C1, 555, d(2)),
        new Scenario().partner(P1, "agency.com").client(C1, "USD", "1000.00", d(0))
            .employeeAdded(P1, 902, "bob@freelance.io", d(1)).userAdded(C1, 556, "bob@freelance.io", d(1))
            .activity(C1, 556, d(2)).linked(P1, 902, C1, d(3)).activity(C1, 556, d(4)),
        servicedBy(P1, P2, P3),
        agencyWithClient().userAdded(C1, 555, "alice@agency.com", d(1)).activity(C1, 555, d(2))
            .activity(C1, 555, d(40)),
        agencyWithClient().userAdded(C1, 555, "alice@agency.com", d(1)).activity(C1, 555, d(2))
            .userRemoved(C1, 555, d(10)),
        agencyWithClient().userAdded(C1, 555, "alice@agency.com", d(1)).activity(C1, 555, d(2))
            .unlinked(P1, 901, C1, d(10)).activity(C1, 555, d(20)),
        deactivatedAtD10ReactivatedAtD30().activity(C1, 555, d(31)),
        euroClient());
    for (int i = 0; i < scenarios.size(); i++) {
      long offset = (i + 1) * 1000L;
      for (Fact f : scenarios.get(i).facts()) {
        all.add(Shift.ids(f, offset, "x" + i + "-"));
      }
    }
    return all;
  }

  static final List<Instant> TIMES = List.of(d(2), d(3), d(10), d(31), d(62), d(64), d(91), d(100),
      Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-08-01T00:00:00Z"));

  // Example 10
  @Test
  void anyPermutationOfTheFactsGivesTheSameResults() {
    List<Fact> facts = examplesOneToNine();
    Random random = new Random(10);
    for (Instant t : TIMES) {
      Evaluation expected = Scenario.ENGINE.evaluate(facts, t);
      for (int i = 0; i < 20; i++) {
        List<Fact> shuffled = new ArrayList<>(facts);
        Collections.shuffle(shuffled, random);
        assertEquals(expected, Scenario.ENGINE.evaluate(shuffled, t));
      }
    }
  }

  // Example 11
  @Test
  void deliveringAnyFactTwiceGivesTheSameResults() {
    List<Fact> facts = examplesOneToNine();
    for (Instant t : TIMES) {
      Evaluation expected = Scenario.ENGINE.evaluate(facts, t);
      for (int i = 0; i < facts.size(); i++) {
        List<Fact> twice = new ArrayList<>(facts);
        twice.add(facts.get(i));
        assertEquals(expected, Scenario.ENGINE.evaluate(twice, t), "fact " + facts.get(i));
      }
    }
  }
}
