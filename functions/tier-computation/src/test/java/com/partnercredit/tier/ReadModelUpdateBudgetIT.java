package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Scenario;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.RequestRounds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What keeping the read model fresh costs per batch (issue 17): a 100-event webhook for one client
 * recomputes that client once; an employee added to a partner reaches exactly the clients with a
 * user of its email, each recomputed once; then the partner's standing, once (three reads together
 * and a put). Reads and writes are counted and printed.
 */
class ReadModelUpdateBudgetIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private final RequestCounter counter = new RequestCounter();
  private final RequestRounds rounds = new RequestRounds();

  private ReadModelUpdate.Result apply(List<ReadModelUpdate.Change> changes) {
    counter.clear();
    rounds.clear();
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter, rounds)) {
      Clock clock = Clock.systemUTC();
      return new ReadModelUpdate(new FactStore(counted, DYNAMO.tableName(), clock),
          new ReadModelStore(counted, DYNAMO.tableName()), PointsRequests.ENGINE, clock).apply(changes);
    }
  }

  @Test
  void aHundredEventWebhookForOneClientRecomputesItOnce() throws Exception {
    long partner = StoredFacts.newId();
    long client = StoredFacts.newId();
    String alice = "alice@agency" + partner + ".com";
    Scenario facts = StoredFacts.scenario()
        .partner(partner, "agency" + partner + ".com", NOW.minus(Duration.ofDays(30)))
        .employeeAdded(partner, 1, alice, NOW.minus(Duration.ofDays(30)))
        .client(client, "USD", "1000.00", NOW.minus(Duration.ofDays(30)))
        .userAdded(client, 5, alice, NOW.minus(Duration.ofDays(29)));
    for (int o = 0; o < 5; o++) {
      facts.userAdded(client, 100 + o, "staff" + o + "@client" + client + ".com", NOW.minus(Duration.ofDays(29)));
    }
    List<ReadModelUpdate.Change> changes = new ArrayList<>();
    for (int a = 0; a < 100; a++) {
      long user = a % 2 == 0 ? 5 : 100 + a % 5;
      facts.activity(client, user, NOW.minus(Duration.ofMinutes(a + 1)));
      changes.add(new ReadModelUpdate.Change(Keys.client(client), Keys.activitiesOfUser(user) + a));
    }
    new StoredFacts(DYNAMO.client(), DYNAMO.tableName()).store(facts);

    ReadModelUpdate.Result result = apply(changes);

    System.out.printf("[read model] a 100-event webhook for one client: %s; %s; %s%n", result, counter, rounds);
    assertEquals(List.of(), result.failed());
    assertEquals(1, result.clients());
    assertEquals(1, result.written(), "the client's item in its one partner's partition");
    assertEquals(1, result.standings());
    assertEquals(1, result.standingsWritten());
    // account facts, emails' partners, then together the employee user's activities and the partner;
    // then what is stored, and the put; then the standing: together the partner, its clients and
    // the stored standing, and the put
    assertEquals(10, counter.total(), counter.toString());
    assertEquals(2, counter.count("PutItem"));
    assertTrue(rounds.rounds() <= 7, rounds.toString());
  }

  @Test
  void anEmployeeAddedReachesEachClientWithAUserOfItsEmailOnce() throws Exception {
    int clients = Integer.getInteger("fanout.clients", 50); // docs/benchmarks.md runs it with 1000
    long partner = StoredFacts.newId();
    String bob = "bob@agency" + partner + ".com";
    Scenario facts = StoredFacts.scenario()
        .partner(partner, "agency" + partner + ".com", NOW.minus(Duration.ofDays(30)));
    for (int c = 0; c < clients; c++) {
      long client = StoredFacts.newId();
      facts.client(client, "USD", "1000.00", NOW.minus(Duration.ofDays(30)))
          .userAdded(client, 5, bob, NOW.minus(Duration.ofDays(29)))
          .userAdded(client, 6, "staff@client" + client + ".com", NOW.minus(Duration.ofDays(29)))
          .activity(client, 5, NOW.minus(Duration.ofDays(1)));
    }
    facts.client(StoredFacts.newId(), "USD", "1000.00", NOW.minus(Duration.ofDays(30))); // bob is not a user there
    new StoredFacts(DYNAMO.client(), DYNAMO.tableName()).store(facts);
    Scenario bobJoins = StoredFacts.scenario().employeeAdded(partner, 2, bob, NOW.minus(Duration.ofDays(30)));
    new StoredFacts(DYNAMO.client(), DYNAMO.tableName()).store(bobJoins);
    String eventId = bobJoins.facts().get(0).eventId();

    ReadModelUpdate.Result result = apply(List.of(new ReadModelUpdate.Change(Keys.partner(partner), Keys.fact(eventId))));

    System.out.printf("[read model] an employee added, a user on %d clients: %s; %s; %s%n", clients, result, counter,
        rounds);
    assertEquals(List.of(), result.failed());
    assertEquals(clients, result.clients());
    assertEquals(clients, result.written());
    assertEquals(1, result.standingsWritten(), "the partner's standing");
    assertEquals(clients + 1, counter.count("PutItem"));
    assertEquals(3 + 6 * clients + 4, counter.total(),
        "the partner, bob's email and the links; 6 per client; 4 for the standing: " + counter);
    // one after another it would be 3 + 5 rounds a client; 16 at a time, about a sixth of that
    assertTrue(rounds.rounds() <= (3 + 5 * clients) / 4 + 2, "clients are recomputed together: " + rounds);
  }
}
