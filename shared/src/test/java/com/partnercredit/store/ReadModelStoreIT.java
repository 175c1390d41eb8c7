package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Activity;
import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.PartnerStanding;
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
 * The read model against a real emulator: each client's conclusions, recomputed from what
 * {@link FactStore#factsForClient} reads and written to its partners' partitions, give every
 * partner what its stored facts give, at every {@code asOf} from the horizon on; a recompute that
 * started earlier never overwrites a later one, and an unchanged item is not written again.
 */
class ReadModelStoreIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Duration RETENTION = CreditLifetime.retention(Scenario.RULES);

  @Test
  void inRandomWorldsTheReadModelGivesWhatTheStoredFactsGive() throws Exception {
    int compared = 0;
    for (long seed = 1; seed <= 12; seed++) {
      compared += compareInAWorld(seed);
    }
    assertTrue(compared >= 200, compared + " breakdowns compared");
  }

  private int compareInAWorld(long seed) throws Exception {
    Random random = new Random(seed);
    RandomWorld world = RandomWorld.generate(random);
    Instant now = RandomWorld.START.plus(Duration.ofDays(90 + random.nextInt(120))).plusMillis(random.nextInt(86_400_000));
    String table = "ReadModelStoreIT-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbClient dynamo = DYNAMO.client();
    TemplateTable.fromTemplate().create(dynamo, table);
    try {
      FactsForPartnerIT.store(world, new BatchWriter(dynamo, table));
      FactStore store = new FactStore(dynamo, table, Clock.fixed(now, ZoneOffset.UTC));
      ReadModelStore readModel = new ReadModelStore(dynamo, table);
      Set<Long> clients = new TreeSet<>(world.clientIds());
      for (long client : clients) {
        ClientConclusions c = CreditEngine.conclude(Facts.of(store.factsForClient(client, RETENTION))).get(client);
        if (c != null) {
          readModel.write(c, now.toEpochMilli());
        }
      }
      Set<Long> partners = new TreeSet<>();
      world.facts().stream().filter(PartnerRegistered.class::isInstance)
          .forEach(f -> partners.add(((PartnerRegistered) f).partnerId()));
      long floor = StoredFacts.ACTIVITIES.firstLiveMillis(now.toEpochMilli());
      int compared = 0;
      for (long partner : partners) {
        List<Fact> read = store.factsForPartner(partner, RETENTION).orElseThrow();
        List<Fact> own = store.partnerFacts(partner);
        List<ClientConclusions> conclusions = readModel.clientsOf(partner);
        for (Instant asOf : instants(now, Scenario.ENGINE.evaluate(read, now).partner(partner))) {
          Optional<PartnerBreakdown> expected = Scenario.ENGINE.evaluate(read, asOf).partner(partner);
          assertEquals(expected, Scenario.ENGINE.evaluate(partner, own, conclusions, asOf, floor),
              "seed " + seed + ", partner " + partner + ", now " + now + ", as of " + asOf);
          compared++;
        }
      }
      return compared;
    } finally {
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }

  /** The horizon, now, the projection's days, and each client's credit end and the millisecond around it. */
  private static List<Instant> instants(Instant now, Optional<PartnerBreakdown> atNow) {
    List<Instant> instants = new ArrayList<>(List.of(now.minus(CreditLifetime.HORIZON), now,
        now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(60)), now.plus(Duration.ofDays(90))));
    for (ClientCredit client : atNow.map(PartnerBreakdown::clients).orElse(List.of())) {
      if (client.creditUntil() != null) {
        instants.add(client.creditUntil().minusMillis(1));
        instants.add(client.creditUntil());
        instants.add(client.creditUntil().plusMillis(1));
      }
    }
    return instants;
  }

  @Test
  void aRecomputeThatStartedEarlierNeverOverwritesALaterOneAndAnUnchangedItemIsNotWritten() throws Exception {
    Instant start = Instant.parse("2026-10-01T10:00:00Z");
    long partner = StoredFacts.newId();
    long client = StoredFacts.newId();
    String alice = "alice@agency" + partner + ".com";
    List<Fact> fewer = StoredFacts.scenario()
        .partner(partner, "agency" + partner + ".com", start)
        .employeeAdded(partner, 1, alice, start)
        .client(client, "USD", "1000.00", start)
        .userAdded(client, 7, alice, start)
        .facts();
    List<Fact> more = new ArrayList<>(fewer);
    more.add(new Activity("a1", client, 7, "contact.creation", start.plus(Duration.ofDays(1)), true));
    ClientConclusions older = CreditEngine.conclude(Facts.of(fewer)).get(client);
    ClientConclusions newer = CreditEngine.conclude(Facts.of(more)).get(client);
    ReadModelStore readModel = new ReadModelStore(DYNAMO.client(), DYNAMO.tableName());

    // two recomputes of one client interleaved: the later one (it read more) writes first
    assertEquals(1, readModel.write(newer, 2_000));
    assertEquals(0, readModel.write(older, 1_000), "the earlier recompute loses");
    assertArrayEquals(newer.encode(), readModel.clientsOf(partner).get(0).encode());
    assertEquals(0, readModel.write(newer, 3_000), "unchanged: not written");
    assertEquals(1, readModel.write(older, 4_000), "a later recompute that read less (a fact gone) wins");
    assertArrayEquals(older.encode(), readModel.clientsOf(partner).get(0).encode());
  }

  @Test
  void aStandingRoundTripsAndAnEarlierOrUnchangedOneIsNotWritten() throws Exception {
    long partner = StoredFacts.newId();
    Instant at = Instant.parse("2026-10-01T10:00:00Z");
    List<Fact> facts = StoredFacts.scenario().partner(partner, "Agency Ltd", "agency" + partner + ".com", at).facts();
    PartnerStanding older = Scenario.ENGINE.standing(partner, facts, List.of(), at);
    PartnerStanding newer = Scenario.ENGINE.standing(partner, facts, List.of(), at.plusSeconds(60));
    ReadModelStore readModel = new ReadModelStore(DYNAMO.client(), DYNAMO.tableName());

    assertEquals(Optional.empty(), readModel.standing(partner));
    assertEquals(1, readModel.writeStanding(newer, "Agency Ltd", 2_000));
    assertEquals(0, readModel.writeStanding(older, "Agency Ltd", 1_000), "the earlier recompute loses");
    assertEquals(Optional.of(newer), readModel.standing(partner));
    assertEquals(0, readModel.writeStanding(newer, "Agency Ltd", 3_000), "unchanged: not written");
    assertEquals("agency ltd", readModel.storedStanding(partner).orElseThrow().nameLower());
    assertEquals(2_000, readModel.storedStanding(partner).orElseThrow().version());
    assertEquals(1, readModel.writeStanding(newer, "Agency Inc", 4_000), "a new name is a change");
    assertEquals(1, readModel.writeStanding(older, "Agency Inc", 5_000), "a later recompute wins");
    assertEquals(Optional.of(older), readModel.standing(partner));
    assertTrue(readModel.standings().contains(older));
    PartnerStanding hourLater = Scenario.ENGINE.standing(partner, facts, List.of(), at.plusSeconds(3600));
    assertEquals(0, readModel.writeStanding(hourLater, "Agency Inc", 6_000), "nothing changed since: not written");
    assertEquals(Optional.of(older), readModel.standing(partner));
  }

  @Test
  void standingsOverOneMegabyteAreListedPageByPageInPartnerOrder() throws Exception {
    String table = "ReadModelStandings-" + UUID.randomUUID().toString().substring(0, 8);
    TemplateTable.fromTemplate().create(DYNAMO.client(), table);
    RequestCounter counter = new RequestCounter();
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter)) {
      ReadModelStore readModel = new ReadModelStore(counted, table);
      Instant at = Instant.parse("2026-10-01T10:00:00Z");
      String longName = "N".repeat(10_000); // about 20 KB an item: 60 are over 1 MB
      List<PartnerStanding> written = new ArrayList<>();
      for (long p = 1; p <= 60; p++) {
        long partner = p * 7919 % 1000; // written out of order
        PartnerStanding standing = Scenario.ENGINE.standing(partner,
            List.of(new PartnerRegistered("r" + p, at, partner, longName, List.of("a.com"), false)), List.of(), at);
        assertEquals(1, readModel.writeStanding(standing, longName, 1));
        written.add(standing);
      }
      written.sort(java.util.Comparator.comparingLong(PartnerStanding::partnerId));
      counter.clear();

      List<Integer> pages = new ArrayList<>();
      List<PartnerStanding> listed = new ArrayList<>();
      readModel.forEachStandingPage(page -> {
        pages.add(page.size());
        listed.addAll(page);
      });

      System.out.println("[standings] 60 standings of about 20 KB: pages " + pages + ", " + counter);
      assertEquals(written, listed);
      assertTrue(pages.size() >= 2, "more than one page: " + pages);
      assertEquals(pages.size(), counter.count("Query"), "one Query followed page by page");
      assertEquals(written, readModel.standings());
    } finally {
      DYNAMO.client().deleteTable(r -> r.tableName(table));
    }
  }

  @Test
  void progressOnlyMovesForwardAndTheEarliestShardIsTheChangesUntil() throws Exception {
    String table = "ReadModelProgress-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbClient dynamo = DYNAMO.client();
    TemplateTable.fromTemplate().create(dynamo, table);
    try {
      ReadModelStore readModel = new ReadModelStore(dynamo, table);
      Instant t = Instant.parse("2026-12-01T00:00:00Z");
      assertEquals(Optional.empty(), readModel.changesUntil());
      readModel.progress("a", t.plusSeconds(10), t);
      readModel.progress("a", t.plusSeconds(5), t);
      readModel.progress("b", t.plusSeconds(7), t);
      assertEquals(Optional.of(t.plusSeconds(7)), readModel.changesUntil());
      readModel.progress("b", t.plusSeconds(20), t);
      assertEquals(Optional.of(t.plusSeconds(10)), readModel.changesUntil());
    } finally {
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }
}
