package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Activity;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.RandomWorld;
import com.partnercredit.domain.Scenario;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.TemplateTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@link FactStore#factsForPartner} reads gives a partner exactly what evaluating every stored
 * fact gives it, though it reads no activity of a user who is no partner's employee: the rules
 * engine is the judge.
 */
class FactsForPartnerIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Duration RETENTION = CreditLifetime.retention(Scenario.RULES);

  /**
   * A client with many users of its own staff, all busy, beside the employees of two partners (one
   * of them deactivated for a while, one removed from its partner): the partner's breakdown is the
   * one evaluating every fact gives, and none of the staff's activities is read.
   */
  @Test
  void aClientWithManyOwnStaffUsersAndTheirActivitiesGivesTheSameBreakdownAsEveryFact() throws Exception {
    Instant now = Instant.parse("2026-11-28T10:00:00Z");
    Instant start = now.minus(Duration.ofDays(80));
    long partner = StoredFacts.newId();
    long other = StoredFacts.newId();
    long client = StoredFacts.newId();
    long secondClient = StoredFacts.newId();
    String alice = "alice@agency" + partner + ".com";
    String bob = "bob@agency" + partner + ".com";
    String carol = "carol@studio" + other + ".com";
    Scenario facts = StoredFacts.scenario()
        .partner(partner, "agency" + partner + ".com", start)
        .employeeAdded(partner, 1, alice, start)
        .employeeAdded(partner, 2, bob, start)
        .employeeRemoved(partner, 2, now.minus(Duration.ofDays(20)))
        .partner(other, "studio" + other + ".com", start)
        .employeeAdded(other, 1, carol, start)
        .client(client, "USD", "1000.00", start)
        .client(secondClient, "EUR", "700.00", start);
    Set<Long> employeeUsers = new TreeSet<>();
    long u = client * 1000;
    for (String email : List.of(alice, bob, carol)) {
      long user = ++u;
      employeeUsers.add(user);
      facts.userAdded(client, user, email, start.plus(Duration.ofDays(1)));
      for (int a = 0; a < 12; a++) {
        facts.activity(client, user, now.minus(Duration.ofDays(5L * a + 1)));
      }
    }
    facts.userDeactivated(client, client * 1000 + 1, now.minus(Duration.ofDays(30)))
        .userReactivated(client, client * 1000 + 1, now.minus(Duration.ofDays(12)));
    long secondAlice = ++u;
    employeeUsers.add(secondAlice);
    facts.userAdded(secondClient, secondAlice, alice, start).activity(secondClient, secondAlice, now.minus(Duration.ofDays(59)));
    Set<Long> staff = new TreeSet<>();
    for (int s = 0; s < 40; s++) {
      long user = ++u;
      staff.add(user);
      long where = s % 4 == 0 ? secondClient : client;
      facts.userAdded(where, user, "staff" + s + "@client" + client + ".com", start);
      for (int a = 0; a < 30; a++) {
        facts.activity(where, user, now.minus(Duration.ofHours(45L * a + 3)));
      }
    }
    new StoredFacts(DYNAMO.client(), DYNAMO.tableName()).store(facts);
    RequestCounter counter = new RequestCounter();
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter)) {
      FactStore store = new FactStore(counted, DYNAMO.tableName(), Clock.fixed(now, ZoneOffset.UTC));

      List<Fact> read = store.factsForPartner(partner, RETENTION).orElseThrow();

      for (Instant asOf : List.of(now, now.minus(Duration.ofDays(25)), now.plus(Duration.ofDays(40)))) {
        assertEquals(facts.partner(partner, asOf), Scenario.ENGINE.evaluate(read, asOf).partner(partner).orElseThrow(),
            "as of " + asOf);
        assertEquals(facts.partner(other, asOf), Scenario.ENGINE.evaluate(store.factsForPartner(other, RETENTION)
            .orElseThrow(), asOf).partner(other).orElseThrow(), "the other partner, as of " + asOf);
      }
      Set<Long> activeUsers = new TreeSet<>();
      read.stream().filter(Activity.class::isInstance).forEach(f -> activeUsers.add(((Activity) f).userId()));
      assertEquals(employeeUsers, activeUsers, "the employees' users' activities, and no one else's");
      assertEquals(3 * 12 + 1, read.stream().filter(Activity.class::isInstance).count());
      assertFalse(facts.partner(partner, now).clients().isEmpty());
    }
  }

  /**
   * Random worlds (partners with domains and freelancers, employees removed, users deactivated,
   * reactivated, removed and added again, links and unlinks, sold deals, the clients' own staff),
   * each in a table of its own, read as of a random day: for every partner and several {@code asOf},
   * the breakdown from its facts is the one from every stored fact, activities past their TTL left
   * out of both.
   */
  @Test
  void inRandomWorldsThePartnersFactsGiveWhatEveryFactGives() throws Exception {
    int compared = 0;
    for (long seed = 1; seed <= 20; seed++) {
      compared += compareInAWorld(seed);
    }
    assertTrue(compared >= 60, compared + " breakdowns compared");
  }

  private int compareInAWorld(long seed) throws Exception {
    Random random = new Random(seed);
    RandomWorld world = RandomWorld.generate(random);
    Instant now = RandomWorld.START.plus(Duration.ofDays(90 + random.nextInt(120))).plusMillis(random.nextInt(86_400_000));
    String table = "FactsForPartnerIT-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbClient dynamo = DYNAMO.client();
    TemplateTable.fromTemplate().create(dynamo, table);
    try {
      store(world, new BatchWriter(dynamo, table));
      FactStore store = new FactStore(dynamo, table, Clock.fixed(now, ZoneOffset.UTC));
      long nowSeconds = now.getEpochSecond();
      List<Fact> live = world.facts().stream()
          .filter(f -> !(f instanceof Activity a) || !a.qualifying()
              || StoredFacts.ACTIVITIES.expiresAtSeconds(a.occurredAt().toEpochMilli()) > nowSeconds)
          .toList();
      Set<Long> partners = new TreeSet<>();
      world.facts().stream().filter(PartnerRegistered.class::isInstance)
          .forEach(f -> partners.add(((PartnerRegistered) f).partnerId()));
      List<Instant> times = new ArrayList<>(world.times());
      times.add(now);
      int compared = 0;
      for (long partner : partners) {
        List<Fact> read = store.factsForPartner(partner, RETENTION).orElseThrow();
        List<Fact> unbounded = store.factsForPartner(partner).orElseThrow();
        for (Instant asOf : times) {
          Optional<PartnerBreakdown> expected = Scenario.ENGINE.evaluate(live, asOf).partner(partner);
          String where = "seed " + seed + ", partner " + partner + ", now " + now + ", as of " + asOf;
          assertEquals(expected, Scenario.ENGINE.evaluate(read, asOf).partner(partner), where);
          assertEquals(expected, Scenario.ENGINE.evaluate(unbounded, asOf).partner(partner), where + ", unbounded");
          compared++;
        }
      }
      assertEquals(Optional.empty(), store.factsForPartner(99));
      return compared;
    } finally {
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }

  /** The world's facts as the webhooks store them ({@link StoredFacts#store(RandomWorld, BatchWriter)}). */
  static void store(RandomWorld world, BatchWriter writer) throws StorageUnavailable {
    StoredFacts.store(world, writer);
  }
}
