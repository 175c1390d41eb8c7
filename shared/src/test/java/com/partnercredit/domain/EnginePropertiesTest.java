package com.partnercredit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The properties over random fact sets ({@link RandomWorld}): (a) order independence, (b)
 * idempotency, (c) exact shares, (d) expiry, (e) non-qualifying activity changes nothing.
 */
class EnginePropertiesTest {

  static final CreditEngine ENGINE = Scenario.ENGINE;

  @Provide
  Arbitrary<RandomWorld> worlds() {
    return Arbitraries.randomValue(RandomWorld::generate);
  }

  // (a)
  @Property(tries = 300)
  void anyPermutationOfTheFactsGivesIdenticalResults(
      @ForAll("worlds") RandomWorld world, @ForAll Random random) {
    List<Fact> shuffled = new ArrayList<>(world.facts());
    Collections.shuffle(shuffled, random);

    for (Instant t : world.times()) {
      assertEquals(ENGINE.evaluate(world.facts(), t), ENGINE.evaluate(shuffled, t), "at " + t);
    }
  }

  // (b)
  @Property(tries = 300)
  void duplicatingAnyFactChangesNothing(@ForAll("worlds") RandomWorld world, @ForAll Random random) {
    List<Fact> facts = world.facts();
    List<Fact> withRepeats = new ArrayList<>(facts);
    Fact repeated = facts.get(random.nextInt(facts.size()));
    withRepeats.add(random.nextInt(withRepeats.size() + 1), copyOf(repeated)); // an equal, separate instance
    withRepeats.add(repeated);

    for (Instant t : world.times()) {
      assertEquals(ENGINE.evaluate(facts, t), ENGINE.evaluate(withRepeats, t), "repeated " + repeated);
    }
  }

  @Property(tries = 100)
  void deliveringEveryFactTwiceChangesNothing(@ForAll("worlds") RandomWorld world) {
    List<Fact> twice = new ArrayList<>(world.facts());
    world.facts().forEach(f -> twice.add(copyOf(f)));

    for (Instant t : world.times()) {
      assertEquals(ENGINE.evaluate(world.facts(), t), ENGINE.evaluate(twice, t));
    }
  }

  /**
   * What the breakdown's reads rely on ({@link PartnersOnClient#employeeUsers}): leaving out every
   * activity of a user whose emails no partner employee ever had (the clients' own staff) changes
   * no partner's figures.
   */
  @Property(tries = 300)
  void theActivitiesOfUsersWithNoEmployeesEmailChangeNoPartnersFigures(@ForAll("worlds") RandomWorld world) {
    Map<String, Set<Long>> partnersByEmail = new HashMap<>();
    for (Fact fact : world.facts()) {
      if (fact instanceof EmployeeAdded e) {
        partnersByEmail.computeIfAbsent(e.email(), x -> new TreeSet<>()).add(e.partnerId());
      }
    }
    Map<Long, Set<Long>> employeeUsers = PartnersOnClient.employeeUsers(world.facts(), partnersByEmail::get);
    List<Fact> withoutStaff = world.facts().stream()
        .filter(f -> !(f instanceof Activity a) || employeeUsers.getOrDefault(a.clientId(), Set.of()).contains(a.userId()))
        .toList();
    assertTrue(withoutStaff.size() <= world.facts().size());

    for (Instant t : world.times()) {
      assertEquals(ENGINE.evaluate(world.facts(), t).partners(), ENGINE.evaluate(withoutStaff, t).partners(), "at " + t);
    }
  }

  // (c)
  @Property(tries = 300)
  void sharesAddUpExactlyToTheMrrForEveryClientWithServicingPartners(@ForAll("worlds") RandomWorld world) {
    for (Instant t : world.times()) {
      Evaluation evaluation = ENGINE.evaluate(world.facts(), t);
      for (ClientSplit split : evaluation.clients().values()) {
        if (split.shares().isEmpty()) {
          continue;
        }
        long sum = 0;
        long previousPartner = Long.MIN_VALUE;
        long largest = split.shares().get(0).credit().minorUnits();
        for (ClientSplit.Share share : split.shares()) {
          assertEquals(split.mrr().currency(), share.credit().currency());
          assertTrue(share.partnerId() > previousPartner, "ascending partnerId");
          assertTrue(share.credit().minorUnits() == largest || share.credit().minorUnits() == largest - 1,
              "even split: " + split);
          previousPartner = share.partnerId();
          sum += share.credit().minorUnits();
        }
        assertEquals(split.mrr().minorUnits(), sum, "client " + split.clientId() + " at " + t);
        for (ClientSplit.Share share : split.shares()) {
          ClientCredit row = row(evaluation, share.partnerId(), split.clientId());
          assertEquals(share.credit(), row.managedCredit());
          assertEquals(split.shares().size(), row.servicingPartners());
          assertTrue(row.serviced());
        }
      }
    }
  }

  // (d)
  @Property(tries = 300)
  void creditIsZeroWheneverEveryCountedActivityIs60DaysOrMoreBeforeT(
      @ForAll("worlds") RandomWorld world, @ForAll Random random) {
    Instant latest = world.facts().stream()
        .filter(f -> f instanceof Activity a && a.qualifying())
        .map(Fact::occurredAt)
        .max(Instant::compareTo)
        .orElse(RandomWorld.START);
    Instant t = latest.plus(CreditLifetime.PERIOD)
        .plusMillis(random.nextBoolean() ? 0 : random.nextInt(100 * 86_400_000));

    Evaluation evaluation = ENGINE.evaluate(world.facts(), t);
    for (ClientSplit split : evaluation.clients().values()) {
      assertTrue(split.shares().isEmpty(), "nobody services " + split);
    }
    for (PartnerBreakdown partner : evaluation.partners().values()) {
      assertEquals(Points.ZERO, partner.points().managed());
      for (ClientCredit row : partner.clients()) {
        assertTrue(row.managedCredit().amount().signum() == 0, row.toString());
        assertEquals(Points.ZERO, row.managedPoints());
        assertTrue(!row.serviced(), row.toString());
        assertTrue(row.creditUntil() == null || !row.creditUntil().isAfter(t), row.toString());
      }
    }
  }

  @Property(tries = 300)
  void creditIsServicedExactlyBeforeCreditUntil(@ForAll("worlds") RandomWorld world) {
    for (Instant t : world.times()) {
      for (PartnerBreakdown partner : ENGINE.evaluate(world.facts(), t).partners().values()) {
        for (ClientCredit row : partner.clients()) {
          boolean unexpired = row.creditUntil() != null && t.isBefore(row.creditUntil());
          assertEquals(unexpired, row.serviced(), row.toString());
          if (!row.serviced()) {
            assertTrue(row.managedCredit().amount().signum() == 0 && row.managedPoints().signum() == 0, row.toString());
          }
        }
      }
    }
  }

  // (e)
  @Property(tries = 300)
  void addingANonQualifyingActivityNeverChangesAnything(
      @ForAll("worlds") RandomWorld world, @ForAll Random random) {
    List<Fact> more = new ArrayList<>(world.facts());
    long clientId = random.nextInt(5) == 0 ? 9999 : world.clientIds().get(random.nextInt(world.clientIds().size()));
    long userId = world.userIds().isEmpty() || random.nextInt(5) == 0
        ? 99999 : world.userIds().get(random.nextInt(world.userIds().size()));
    String type = List.of("user.login", "contact.deletion", "no.such.type").get(random.nextInt(3));
    Instant at = RandomWorld.at(random.nextInt(RandomWorld.DAYS) - 30, random.nextBoolean() ? 0 : 10);
    more.add(random.nextInt(more.size() + 1), new Activity("nq-" + random.nextInt(), clientId, userId, type, at, false));

    for (Instant t : world.times()) {
      assertEquals(ENGINE.evaluate(world.facts(), t), ENGINE.evaluate(more, t), "at " + t);
    }
  }

  @Property(tries = 200)
  void factsAfterTChangeNothingAtT(@ForAll("worlds") RandomWorld world) {
    for (Instant t : world.times()) {
      List<Fact> known = world.facts().stream().filter(f -> !f.occurredAt().isAfter(t)).toList();
      assertEquals(ENGINE.evaluate(known, t), ENGINE.evaluate(world.facts(), t));
    }
  }

  /** Guards the generator: random worlds must reach every status and multi-partner splits. */
  @Example
  void randomWorldsExerciseTheRules() {
    Random random = new Random(42);
    Set<CreditStatus> statuses = EnumSet.noneOf(CreditStatus.class);
    int multiPartnerSplits = 0;
    int ends = 0;
    for (int i = 0; i < 300; i++) {
      RandomWorld world = RandomWorld.generate(random);
      for (Instant t : world.times()) {
        Evaluation evaluation = ENGINE.evaluate(world.facts(), t);
        for (PartnerBreakdown p : evaluation.partners().values()) {
          for (ClientCredit row : p.clients()) {
            statuses.add(row.status());
            ends += row.status() == CreditStatus.ENDED ? 1 : 0;
          }
        }
        multiPartnerSplits += (int) evaluation.clients().values().stream().filter(s -> s.shares().size() > 1).count();
      }
    }
    assertEquals(EnumSet.allOf(CreditStatus.class), statuses);
    assertTrue(multiPartnerSplits > 50, "multi-partner splits: " + multiPartnerSplits);
    assertTrue(ends > 10, "ended relationships: " + ends);
  }

  private static ClientCredit row(Evaluation evaluation, long partnerId, long clientId) {
    return evaluation.partner(partnerId).orElseThrow().clients().stream()
        .filter(c -> c.clientId() == clientId)
        .findFirst()
        .orElseThrow();
  }

  /** An equal fact in a separate instance, as a second delivery from the store would be. */
  static Fact copyOf(Fact fact) {
    try {
      RecordComponent[] components = fact.getClass().getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] = components[i].getAccessor().invoke(fact);
        if (values[i] instanceof String s) {
          values[i] = new String(s);
        } else if (values[i] instanceof Instant instant) {
          values[i] = Instant.ofEpochMilli(instant.toEpochMilli());
        }
      }
      Constructor<?> constructor = fact.getClass().getDeclaredConstructor(types);
      Fact copy = (Fact) constructor.newInstance(values);
      assertEquals(fact, copy);
      return copy;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
