package com.partnercredit.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A partner's standing gives, at every asOf from its {@code from} on, the figures of its breakdown
 * then: tier, next tier, points, clients serviced, though nothing new happens in between.
 */
class PartnerStandingTest {
  static final CreditEngine ENGINE = Scenario.ENGINE;
  /** Tiers by activities alone, a 45-day window, then from 2025-08-01 a 90-day one: the window counts. */
  static final CreditEngine BUSY = new CreditEngine(new RuleTables(Scenario.RULES.pointRates(),
      Scenario.RULES.currencyEquivalents(), EffectiveDated.of(List.of(
          policy(Instant.EPOCH, 45, "0", 1, 2, 3, 4), policy(Instant.parse("2025-08-01T00:00:00Z"), 90, "0", 1, 2, 3, 5)),
          TierPolicy::effectiveFrom)));

  @Provide
  Arbitrary<RandomWorld> worlds() {
    return Arbitraries.randomValue(RandomWorld::generate);
  }

  @Property(tries = 150)
  void aStandingGivesTheBreakdownsFiguresAtEveryAsOfFromItsStart(
      @ForAll("worlds") RandomWorld world, @ForAll Random random) {
    assertFiguresEqualBreakdowns(ENGINE, world, random);
  }

  @Property(tries = 100)
  void withSmallActivityMinimumsTheWindowsCountIsTheBreakdowns(
      @ForAll("worlds") RandomWorld world, @ForAll Random random) {
    assertFiguresEqualBreakdowns(BUSY, world, random);
  }

  @Property(tries = 100)
  void aDecodedStandingIsEqualAndGivesTheSameFigures(@ForAll("worlds") RandomWorld world, @ForAll Random random) {
    Map<Long, ClientConclusions> conclusions = CreditEngine.conclude(Facts.of(world.facts()));
    Instant from = RandomWorld.at(random.nextInt(RandomWorld.DAYS), random.nextInt(24));
    for (long partnerId : ConclusionsTest.partnerIds(world.facts())) {
      PartnerStanding standing = ENGINE.standing(
          partnerId, ConclusionsTest.partnerFacts(world.facts(), partnerId), conclusions.values(), from);
      byte[] bytes = standing.encode();
      PartnerStanding back = PartnerStanding.decode(bytes);
      assertEquals(standing, back);
      assertArrayEquals(bytes, back.encode());
      assertEquals(partnerId, back.partnerId());
      for (Instant asOf : List.of(from, from.plus(Duration.ofDays(45)), from.plus(Duration.ofDays(400)))) {
        assertEquals(ENGINE.figures(standing, asOf), ENGINE.figures(back, asOf));
      }
      assertThrows(IllegalArgumentException.class, () -> PartnerStanding.decode(Arrays.copyOf(bytes, bytes.length - 1)));
      assertThrows(IllegalArgumentException.class, () -> PartnerStanding.decode(Arrays.copyOf(bytes, bytes.length + 1)));
    }
  }

  @Property(tries = 150)
  void aStandingMovedToALaterStartIsTheOneComputedThen(@ForAll("worlds") RandomWorld world, @ForAll Random random) {
    Map<Long, ClientConclusions> conclusions = CreditEngine.conclude(Facts.of(world.facts()));
    Instant first = RandomWorld.at(random.nextInt(RandomWorld.DAYS), random.nextInt(24));
    List<Instant> laters = List.of(first, first.plusMillis(1 + random.nextInt(60_000)),
        first.plus(Duration.ofDays(1 + random.nextInt(120))), first.plus(Duration.ofDays(400)));
    for (CreditEngine engine : List.of(ENGINE, BUSY)) {
      for (long partnerId : ConclusionsTest.partnerIds(world.facts())) {
        List<Fact> own = ConclusionsTest.partnerFacts(world.facts(), partnerId);
        PartnerStanding standing = engine.standing(partnerId, own, conclusions.values(), first);
        for (Instant later : laters) {
          assertEquals(engine.standing(partnerId, own, conclusions.values(), later), standing.since(later),
              "partner " + partnerId + " from " + first + " moved to " + later);
        }
      }
    }
  }

  @Test
  void creditRunsOutAfterFromWithNoNewFact() {
    Scenario s = new Scenario()
        .partner(1, "agency.com")
        .employeeAdded(1, 11, "alice@agency.com", Scenario.d(0))
        .client(100, "USD", "1000.00", Scenario.d(0))
        .userAdded(100, 5, "alice@agency.com", Scenario.d(1))
        .activity(100, 5, Scenario.d(2));
    Instant from = Scenario.d(3);
    PartnerStanding standing = standingOf(ENGINE, s.facts(), 1, from);

    PartnerFigures before = ENGINE.figures(standing, Scenario.d(62).minusMillis(1)).orElseThrow();
    PartnerFigures after = ENGINE.figures(standing, Scenario.d(62)).orElseThrow();

    assertEquals("10.00", before.points().managed().toString());
    assertEquals(Tier.GOLD, before.tier());
    assertEquals(1, before.clientsServiced());
    assertEquals("0.00", after.points().managed().toString());
    assertEquals(Tier.PROVIDER, after.tier());
    assertEquals(0, after.clientsServiced());
    assertEquals(Optional.of(after), ENGINE.evaluate(s.facts(), Scenario.d(62)).partner(1).map(PartnerFigures::of));
  }

  @Test
  void aSaleStopsEarningTwelveMonthsLaterAndAFutureOneStartsOnTime() {
    Scenario s = new Scenario()
        .partner(1, "agency.com")
        .dealSold(1, 100, "1000.00", "USD", DealKind.ASSISTED, Scenario.d(0))
        .dealSold(1, 100, "2000.00", "USD", DealKind.ASSISTED, Scenario.d(11).plus(Duration.ofHours(20)));
    Instant from = Scenario.d(10);
    PartnerStanding standing = standingOf(ENGINE, s.facts(), 1, from);

    for (Instant asOf : List.of(from, Scenario.d(11), Scenario.d(12), SoldPoints.until(Scenario.d(0)).minusMillis(1),
        SoldPoints.until(Scenario.d(0)), Scenario.d(500))) {
      assertEquals(ENGINE.evaluate(s.facts(), asOf).partner(1).map(PartnerFigures::of), ENGINE.figures(standing, asOf),
          "as of " + asOf);
    }
    assertEquals("90.00", ENGINE.figures(standing, Scenario.d(12)).orElseThrow().points().sold().toString());
  }

  @Test
  void aPartnerWithNoClientsHasAStandingAndOneWithNoFactsOfItsOwnIsUnknown() {
    Scenario s = new Scenario().partner(1, "agency.com");
    PartnerStanding registered = standingOf(ENGINE, s.facts(), 1, Scenario.d(0));
    PartnerStanding nobody = ENGINE.standing(2, List.of(), List.of(), Scenario.d(0));

    assertEquals(Tier.PROVIDER, ENGINE.figures(registered, Scenario.d(0)).orElseThrow().tier());
    assertEquals("Partner 1", ENGINE.figures(registered, Scenario.d(0)).orElseThrow().name());
    assertEquals(Optional.empty(), ENGINE.figures(nobody, Scenario.d(0)));
  }

  @Test
  void aPartnerWhoseFirstFactIsDatedAfterFromIsUnknownUntilThen() {
    Instant from = Scenario.d(10);
    Instant joined = from.plus(Duration.ofHours(20)); // dated up to a day ahead
    List<Fact> facts = new Scenario()
        .client(100, "USD", "1000.00", Scenario.d(0))
        .userAdded(100, 5, "bob@agency.com", Scenario.d(0))
        .activity(100, 5, Scenario.d(1))
        .partner(1, "Agency", "agency.com", joined)
        .employeeAdded(1, 11, "bob@agency.com", joined)
        .activity(100, 5, joined.plusMillis(1))
        .facts();
    PartnerStanding standing = standingOf(ENGINE, facts, 1, from);

    assertEquals(Optional.empty(), ENGINE.figures(standing, joined.minusMillis(1)));
    assertEquals("Agency", standing.latestName());
    assertEquals("Agency", ENGINE.figures(standing, joined).orElseThrow().name());
    assertEquals(0, ENGINE.figures(standing, joined).orElseThrow().clientsServiced());
    assertEquals(1, ENGINE.figures(standing, joined.plusMillis(1)).orElseThrow().clientsServiced());
    for (Instant asOf : List.of(from, joined.minusMillis(1), joined, joined.plusMillis(1), Scenario.d(100))) {
      assertEquals(ENGINE.evaluate(facts, asOf).partner(1).map(PartnerFigures::of), ENGINE.figures(standing, asOf),
          "as of " + asOf);
    }
  }

  @Test
  void anAsOfBeforeFromOrAPolicyAskingMoreIsRefused() {
    Scenario s = new Scenario().partner(1, "agency.com");
    PartnerStanding standing = standingOf(ENGINE, s.facts(), 1, Scenario.d(5));
    CreditEngine stricter = new CreditEngine(new RuleTables(Scenario.RULES.pointRates(),
        Scenario.RULES.currencyEquivalents(), EffectiveDated.of(List.of(policy(Instant.EPOCH, 90, "1", 1, 2, 3, 60)),
            TierPolicy::effectiveFrom)));

    assertThrows(IllegalArgumentException.class, () -> ENGINE.figures(standing, Scenario.d(5).minusMillis(1)));
    assertThrows(IllegalStateException.class, () -> stricter.figures(standing, Scenario.d(5)));
  }

  /** A partner with 1,000 clients, each serviced, most shared: the standing stays small. */
  @Test
  void aThousandClientsStandingIsSmall() {
    Instant now = Scenario.d(100);
    Scenario s = new Scenario().partner(1, "agency.com").partner(2, "other.com")
        .employeeAdded(1, 11, "alice@agency.com", Scenario.d(-10))
        .employeeAdded(2, 21, "olga@other.com", Scenario.d(-10));
    Random random = new Random(7);
    for (long c = 0; c < 1000; c++) {
      long client = 10_000 + c;
      s.client(client, random.nextBoolean() ? "USD" : "EUR", (100 + random.nextInt(5000)) + ".00", Scenario.d(0))
          .userAdded(client, 1, "alice@agency.com", Scenario.d(0))
          .activity(client, 1, now.minus(Duration.ofMinutes(1 + random.nextInt(59 * 24 * 60))));
      if (random.nextInt(3) > 0) {
        s.userAdded(client, 2, "olga@other.com", Scenario.d(0))
            .activity(client, 2, now.minus(Duration.ofMinutes(1 + random.nextInt(59 * 24 * 60))));
      }
    }
    PartnerStanding standing = standingOf(ENGINE, s.facts(), 1, now);
    int bytes = standing.encode().length;
    System.out.println("STANDING-SIZE 1000 clients: " + bytes + " bytes");
    assertEquals(1000, ENGINE.figures(standing, now).orElseThrow().clientsServiced());
    assertTrue(bytes < 20_000, bytes + " bytes");
  }

  // ---- helpers ----

  private static PartnerStanding standingOf(CreditEngine engine, List<Fact> facts, long partnerId, Instant from) {
    return engine.standing(partnerId, ConclusionsTest.partnerFacts(facts, partnerId),
        CreditEngine.conclude(Facts.of(facts)).values(), from);
  }

  private static void assertFiguresEqualBreakdowns(CreditEngine engine, RandomWorld world, Random random) {
    Map<Long, ClientConclusions> conclusions = CreditEngine.conclude(Facts.of(world.facts()));
    long retention = CreditLifetime.retention(engine.rules()).toMillis();
    Set<Long> partners = new TreeSet<>(ConclusionsTest.partnerIds(world.facts()));
    partners.add(999L); // nobody
    List<Instant> froms = List.of(world.times().get(0),
        RandomWorld.at(random.nextInt(RandomWorld.DAYS), 0).plusMillis(random.nextInt(86_400_000)));
    for (Instant from : froms) {
      Set<Instant> instants = instants(world, conclusions.values(), from, random);
      for (long partnerId : partners) {
        List<Fact> own = ConclusionsTest.partnerFacts(world.facts(), partnerId);
        PartnerStanding standing = engine.standing(partnerId, own, conclusions.values(), from);
        for (Instant asOf : instants) {
          Optional<PartnerFigures> expected = engine.evaluate(partnerId, own, conclusions.values(), asOf,
              asOf.toEpochMilli() - retention).map(PartnerFigures::of);
          Optional<PartnerFigures> actual = engine.figures(standing, asOf);
          String where = "partner " + partnerId + " from " + from + " as of " + asOf;
          assertEquals(expected, actual, where);
          expected.ifPresent(e -> assertEquals(shown(e.points()), shown(actual.get().points()), where));
        }
      }
    }
  }

  private static List<BigDecimal> shown(PointTotals points) {
    return List.of(points.managed().rounded(), points.sold().rounded(), points.total().rounded());
  }

  /**
   * Instants from {@code from} on: each entry's time, credit end and window edges, and the millisecond
   * either side; deals' ends; MRR changes; the projection's days; and some far off.
   */
  private static Set<Instant> instants(RandomWorld world, Collection<ClientConclusions> all, Instant from,
      Random random) {
    Set<Instant> candidates = new TreeSet<>(world.times());
    candidates.add(from);
    candidates.add(from.plusMillis(1));
    for (int days : List.of(30, 60, 90, 365, 400)) {
      candidates.add(from.plus(Duration.ofDays(days)));
    }
    List<Instant> points = new ArrayList<>();
    for (ClientConclusions c : all) {
      for (int i = 0; i < c.size(); i++) {
        if (random.nextInt(3) == 0) {
          Instant at = Instant.ofEpochMilli(c.timeAt(i));
          points.addAll(List.of(at, at.plus(CreditLifetime.PERIOD), at.plus(Duration.ofDays(30)),
              at.plus(Duration.ofDays(45)), at.plus(Duration.ofDays(90))));
        }
      }
      c.subscriptions.forEach(x -> points.add(x.occurredAt()));
    }
    for (Fact f : world.facts()) {
      if (f instanceof DealSold d) {
        points.add(SoldPoints.until(d.occurredAt()));
      }
    }
    for (Instant p : points) {
      candidates.add(p.minusMillis(1));
      candidates.add(p);
      candidates.add(p.plusMillis(1));
    }
    candidates.removeIf(t -> t.isBefore(from));
    return candidates;
  }

  private static TierPolicy policy(Instant from, int windowDays, String points, long gold, long platinum, long diamond,
      long elite) {
    return new TierPolicy(from, true, windowDays, List.of(
        requirement(Tier.GOLD, points, gold), requirement(Tier.PLATINUM, points, platinum),
        requirement(Tier.DIAMOND, points, diamond), requirement(Tier.ELITE, points, elite)));
  }

  private static TierRequirement requirement(Tier tier, String total, long activities) {
    return new TierRequirement(tier, new BigDecimal(total), BigDecimal.ZERO, BigDecimal.ZERO, activities);
  }
}
