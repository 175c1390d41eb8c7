package com.partnercredit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What the read model stands on: the replay is causal, so the conclusions of all the facts, folded
 * at an instant, give every partner exactly the breakdown that the facts up to that instant give.
 */
class ConclusionsTest {

  static final CreditEngine ENGINE = Scenario.ENGINE;

  @Provide
  Arbitrary<RandomWorld> worlds() {
    return Arbitraries.randomValue(RandomWorld::generate);
  }

  @Property(tries = 300)
  void conclusionsOfEveryFactGiveTheBreakdownOfTheFactsUpToAsOf(@ForAll("worlds") RandomWorld world) {
    Map<Long, ClientConclusions> conclusions = CreditEngine.conclude(Facts.of(world.facts()));

    for (Instant t : instants(world, conclusions.values())) {
      Evaluation live = ENGINE.evaluate(world.facts(), t);
      for (long partnerId : partnerIds(world.facts())) {
        Optional<PartnerBreakdown> fromConclusions = ENGINE.evaluate(
            partnerId, partnerFacts(world.facts(), partnerId), conclusions.values(), t, Long.MIN_VALUE);
        assertEquals(live.partner(partnerId), fromConclusions, "partner " + partnerId + " at " + t);
      }
    }
  }

  @Property(tries = 100)
  void anActivityFloorLeavesOutWhatALiveReadWithoutThoseActivitiesLeavesOut(
      @ForAll("worlds") RandomWorld world) {
    Instant floor = RandomWorld.START.plus(Duration.ofDays(RandomWorld.DAYS / 3));
    List<Fact> kept = world.facts().stream()
        .filter(f -> !(f instanceof Activity) || !f.occurredAt().isBefore(floor))
        .toList();
    Map<Long, ClientConclusions> conclusions = CreditEngine.conclude(Facts.of(world.facts()));

    for (Instant t : world.times()) {
      if (t.isBefore(floor)) {
        continue;
      }
      Evaluation live = ENGINE.evaluate(kept, t);
      for (long partnerId : partnerIds(world.facts())) {
        Optional<PartnerBreakdown> fromConclusions = ENGINE.evaluate(
            partnerId, partnerFacts(world.facts(), partnerId), conclusions.values(), t, floor.toEpochMilli());
        assertEquals(live.partner(partnerId), fromConclusions, "partner " + partnerId + " at " + t);
      }
    }
  }

  @Property(tries = 200)
  void decodedConclusionsGiveTheSameBreakdowns(@ForAll("worlds") RandomWorld world) {
    Map<Long, ClientConclusions> conclusions = CreditEngine.conclude(Facts.of(world.facts()));
    List<ClientConclusions> decoded = new ArrayList<>();
    for (ClientConclusions c : conclusions.values()) {
      ClientConclusions back = ClientConclusions.decode(c.encode());
      assertEquals(c.size(), back.size());
      assertEquals(c, back);
      decoded.add(back);
    }

    for (Instant t : instants(world, conclusions.values())) {
      for (long partnerId : partnerIds(world.facts())) {
        List<Fact> own = partnerFacts(world.facts(), partnerId);
        assertEquals(ENGINE.evaluate(partnerId, own, conclusions.values(), t, Long.MIN_VALUE),
            ENGINE.evaluate(partnerId, own, decoded, t, Long.MIN_VALUE), "partner " + partnerId + " at " + t);
      }
    }
  }

  @Property(tries = 50)
  void aCutOrCorruptedEncodingIsRefusedNotMisread(@ForAll("worlds") RandomWorld world) {
    for (ClientConclusions c : CreditEngine.conclude(Facts.of(world.facts())).values()) {
      byte[] bytes = c.encode();
      byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
      assertThrows(IllegalArgumentException.class, () -> ClientConclusions.decode(cut));
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertThrows(IllegalArgumentException.class, () -> ClientConclusions.decode(longer));
    }
  }

  /** The world's instants, and each entry's time and the millisecond either side of it. */
  private static Set<Instant> instants(RandomWorld world, Collection<ClientConclusions> all) {
    Set<Instant> instants = new TreeSet<>(world.times());
    for (ClientConclusions c : all) {
      for (int i = 0; i < c.size(); i += Math.max(1, c.size() / 8)) {
        Instant at = Instant.ofEpochMilli(c.timeAt(i));
        instants.add(at);
        instants.add(at.minusMillis(1));
        instants.add(at.plus(CreditLifetime.PERIOD));
        instants.add(at.plus(CreditLifetime.PERIOD).minusMillis(1));
      }
    }
    return instants;
  }

  static Set<Long> partnerIds(List<Fact> facts) {
    Set<Long> ids = new TreeSet<>();
    for (Fact f : facts) {
      partnerOf(f).ifPresent(ids::add);
    }
    return ids;
  }

  /** What the partner's own partition holds: its registrations, employees, links and sold deals. */
  static List<Fact> partnerFacts(List<Fact> facts, long partnerId) {
    List<Fact> own = new ArrayList<>();
    for (Fact f : facts) {
      if (partnerOf(f).equals(Optional.of(partnerId))) {
        own.add(f);
      }
    }
    return own;
  }

  private static Optional<Long> partnerOf(Fact f) {
    if (f instanceof PartnerRegistered p) {
      return Optional.of(p.partnerId());
    } else if (f instanceof EmployeeAdded p) {
      return Optional.of(p.partnerId());
    } else if (f instanceof EmployeeRemoved p) {
      return Optional.of(p.partnerId());
    } else if (f instanceof DealSold p) {
      return Optional.of(p.partnerId());
    } else if (f instanceof ClientLinked p) {
      return Optional.of(p.partnerId());
    } else if (f instanceof ClientUnlinked p) {
      return Optional.of(p.partnerId());
    }
    return Optional.empty();
  }
}
