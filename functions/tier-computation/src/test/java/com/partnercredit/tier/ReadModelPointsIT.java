package com.partnercredit.tier;

import static com.partnercredit.tier.PointsRequests.get;
import static com.partnercredit.tier.PointsRequests.partnerClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Activity;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Points Breakdown from the read model, through the handler: the default answer is the read
 * model's (once it has recorded progress) and equals {@code ?source=live} but for {@code source} and
 * {@code changesUntil}; a fact not yet taken in is not shown until the update runs; a partner-side
 * fact reaches the clients it changes.
 */
class ReadModelPointsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private StoredFacts stored;
  private ReadModelStore readModel;
  private ReadModelUpdate update;
  private PointsHandler handler;
  private long partner;
  private long client;
  private String alice;

  @BeforeEach
  void setUp() {
    Clock clock = Clock.systemUTC();
    String table = DYNAMO.tableName();
    stored = new StoredFacts(DYNAMO.client(), table);
    FactStore facts = new FactStore(DYNAMO.client(), table, clock);
    readModel = new ReadModelStore(DYNAMO.client(), table);
    update = new ReadModelUpdate(facts, readModel, PointsRequests.ENGINE, clock);
    handler = new PointsHandler(new PointsBreakdown(facts, readModel, PointsRequests.ENGINE,
        new SnapshotStore(DYNAMO.client(), table, new BatchWriter(DYNAMO.client(), table))),
        clock, Duration.ofMinutes(2), measurement -> {});
    partner = StoredFacts.newId();
    client = StoredFacts.newId();
    alice = "alice@agency" + partner + ".com";
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  private Map<String, Object> points(Map<String, String> query) throws Exception {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(get(Long.toString(partner), query, Map.of(), partnerClaims(partner)), null);
    assertEquals(200, response.getStatusCode(), response.getBody());
    return JSON.std.mapFrom(response.getBody());
  }

  /** What the stream would carry for these facts: their items' keys. */
  static List<ReadModelUpdate.Change> changesOf(List<Fact> facts) {
    List<ReadModelUpdate.Change> changes = new ArrayList<>();
    for (Fact fact : facts) {
      if (fact instanceof Activity a) {
        changes.add(new ReadModelUpdate.Change(Keys.client(a.clientId()), Keys.activitiesOfUser(a.userId())));
      } else {
        Map<String, AttributeValue> item = StoredFacts.item(fact);
        changes.add(new ReadModelUpdate.Change(item.get(Attr.PK).s(), item.get(Attr.SK).s()));
      }
    }
    return changes;
  }

  private void store(Scenario facts) throws Exception {
    stored.store(facts);
  }

  private void takeIn(Scenario facts) {
    ReadModelUpdate.Result result = update.apply(changesOf(facts.facts()));
    assertEquals(List.of(), result.failed());
  }

  private static Map<String, Object> withoutSource(Map<String, Object> body) {
    Map<String, Object> rest = new HashMap<>(body);
    rest.remove("source");
    rest.remove("changesUntil");
    return rest;
  }

  private Scenario aliceServicesTheClient() {
    return StoredFacts.scenario()
        .partner(partner, "Agency", "agency" + partner + ".com", daysAgo(50))
        .employeeAdded(partner, 901, alice, daysAgo(50))
        .client(client, "Acme", "USD", "1000.00", daysAgo(45))
        .userAdded(client, 5, alice, daysAgo(44))
        .activity(client, 5, daysAgo(3));
  }

  @Test
  void beforeTheReadModelHasProgressTheStoredFactsAnswerAndSaySo() throws Exception {
    store(aliceServicesTheClient());

    Map<String, Object> body = points(Map.of());

    assertEquals("live", body.get("source"));
    assertEquals("10.00", ((Map<?, ?>) body.get("points")).get("managed"));
  }

  @Test
  void theDefaultAnswerIsTheReadModelsAndEqualsTheLiveOneAtEveryAsOf() throws Exception {
    Scenario facts = aliceServicesTheClient()
        .client(client + 1, "Beta", "EUR", "750.00", daysAgo(40))
        .userAdded(client + 1, 6, alice, daysAgo(40))
        .activity(client + 1, 6, daysAgo(30))
        .userDeactivated(client + 1, 6, daysAgo(20))
        .activity(client + 1, 6, daysAgo(10));
    store(facts);
    takeIn(facts);
    Instant through = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    readModel.progress("stream", through, through);

    for (Instant asOf : List.of(NOW.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(5)), NOW, daysAgo(30).plus(Duration.ofDays(60)).minusMillis(1),
        daysAgo(30).plus(Duration.ofDays(60)), daysAgo(3).plus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(90)))) {
      Map<String, Object> fromReadModel = points(Map.of("asOf", asOf.toString()));
      Map<String, Object> live = points(Map.of("asOf", asOf.toString(), "source", "live"));
      assertEquals("readModel", fromReadModel.get("source"));
      assertEquals(through.toString(), fromReadModel.get("changesUntil"));
      assertEquals("live", live.get("source"));
      assertEquals(withoutSource(live), withoutSource(fromReadModel), "as of " + asOf);
    }
  }

  @Test
  void aFactNotYetTakenInShowsOnlyOnceTheUpdateRuns() throws Exception {
    Scenario facts = aliceServicesTheClient();
    store(facts);
    takeIn(facts);
    readModel.progress("stream", NOW, NOW);
    Scenario later = StoredFacts.scenario().subscriptionChanged(client, "USD", "3000.00", daysAgo(1));
    store(later);

    assertEquals("10.00", ((Map<?, ?>) points(Map.of()).get("points")).get("managed"), "not yet taken in");
    assertEquals("30.00", ((Map<?, ?>) points(Map.of("source", "live")).get("points")).get("managed"));
    takeIn(later);
    assertEquals("30.00", ((Map<?, ?>) points(Map.of()).get("points")).get("managed"));
  }

  @Test
  void anEmployeeAddedReachesTheClientsWithAUserOfItsEmail() throws Exception {
    String bob = "bob@agency" + partner + ".com";
    Scenario facts = aliceServicesTheClient()
        .client(client + 1, "Beta", "USD", "500.00", daysAgo(40))
        .userAdded(client + 1, 7, bob, daysAgo(40))
        .activity(client + 1, 7, daysAgo(2));
    store(facts);
    takeIn(facts);
    readModel.progress("stream", NOW, NOW);
    assertEquals(1, ((List<?>) points(Map.of()).get("clients")).size(), "bob is nobody's employee yet");

    Scenario bobJoins = StoredFacts.scenario().employeeAdded(partner, 902, bob, daysAgo(41));
    store(bobJoins);
    ReadModelUpdate.Result result = update.apply(changesOf(bobJoins.facts()));

    assertEquals(1, result.clients(), "only the client with a user of bob's email: " + result);
    assertTrue(result.written() >= 1);
    Map<String, Object> body = points(Map.of("asOf", NOW.toString()));
    assertEquals(2, ((List<?>) body.get("clients")).size());
    assertEquals(withoutSource(points(Map.of("asOf", NOW.toString(), "source", "live"))), withoutSource(body));
  }
}
