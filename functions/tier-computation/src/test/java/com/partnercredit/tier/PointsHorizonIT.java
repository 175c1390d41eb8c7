package com.partnercredit.tier;

import static com.partnercredit.tier.PointsRequests.get;
import static com.partnercredit.tier.PointsRequests.partnerClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Scenario;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The time horizon of the Points Breakdown (docs/api.md section 4) against the emulator: live
 * facts answer any {@code asOf} from 7 days before now on ({@code "source": "live"}); an earlier one
 * is the snapshot of its UTC day ({@code "source": "snapshot"}), or 410 with a message, never a
 * silently partial answer computed from what TTL left.
 */
class PointsHorizonIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private final RequestCounter counter = new RequestCounter();
  private DynamoDbClient counted;
  private PointsHandler handler;
  private SnapshotStore snapshots;
  private long partner;

  @BeforeEach
  void setUp() throws Exception {
    counted = Emulator.shared().newDynamoDbClient(counter);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    snapshots = new SnapshotStore(counted, DYNAMO.tableName(), new BatchWriter(counted, DYNAMO.tableName()));
    handler = new PointsHandler(new PointsBreakdown(new FactStore(counted, DYNAMO.tableName(), clock),
        PointsRequests.ENGINE, snapshots), clock, Duration.ofMinutes(2), measurement -> {});
    partner = StoredFacts.newId();
    String alice = "alice@agency" + partner + ".com";
    long client = StoredFacts.newId();
    Scenario facts = StoredFacts.scenario()
        .partner(partner, "Agency", "agency" + partner + ".com", NOW.minus(Duration.ofDays(50)))
        .employeeAdded(partner, 901, alice, NOW.minus(Duration.ofDays(50)))
        .client(client, "Acme", "USD", "1000.00", NOW.minus(Duration.ofDays(45)))
        .userAdded(client, 11, alice, NOW.minus(Duration.ofDays(44)))
        .activity(client, 11, NOW.minus(Duration.ofDays(20)));
    new StoredFacts(DYNAMO.client(), DYNAMO.tableName()).store(facts);
  }

  @AfterEach
  void tearDown() {
    counted.close();
  }

  private APIGatewayV2HTTPResponse points(Map<String, String> query) {
    return handler.handleRequest(get(Long.toString(partner), query, Map.of(), partnerClaims(partner)), null);
  }

  private void snapshotOf(Instant publishedAt, Tier tier, String managed) throws Exception {
    snapshots.putAll(List.of(new Snapshot(partner, Snapshot.dayOf(publishedAt), publishedAt, tier,
        new BigDecimal(managed), new BigDecimal("0.00"), new BigDecimal(managed), 1,
        new TreeMap<>(Map.of(4242L, new BigDecimal(managed))), new TreeMap<>())));
  }

  @Test
  void anAnswerFromLiveFactsSaysLive() throws Exception {
    Map<String, Object> body = JSON.std.mapFrom(points(Map.of()).getBody());

    assertEquals("live", body.get("source"));
    assertEquals("10.00", ((Map<?, ?>) body.get("points")).get("managed"));
  }

  @Test
  void exactlySevenDaysAgoIsStillLive() throws Exception {
    APIGatewayV2HTTPResponse response = points(Map.of("asOf", NOW.minus(Duration.ofDays(7)).toString()));

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("live", JSON.std.mapFrom(response.getBody()).get("source"));
  }

  @Test
  void beforeTheHorizonWithoutASnapshotIs410AndNothingButTheSnapshotIsRead() throws Exception {
    Instant asOf = NOW.minus(Duration.ofDays(7)).minusSeconds(1);
    counter.clear();

    APIGatewayV2HTTPResponse response = points(Map.of("asOf", asOf.toString()));

    assertEquals(410, response.getStatusCode(), response.getBody());
    String message = (String) JSON.std.mapFrom(response.getBody()).get("message");
    assertTrue(message.contains("no snapshot of partner " + partner + " for " + Snapshot.dayOf(asOf)), message);
    assertEquals(Map.of("Query", 1), counter.snapshot(), "the live facts are not read");
  }

  @Test
  void beforeTheHorizonTheSnapshotOfThatUtcDayAnswers() throws Exception {
    Instant published = NOW.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(2));
    snapshotOf(published, Tier.GOLD, "12.50");
    snapshotOf(published.minus(Duration.ofDays(1)), Tier.PROVIDER, "1.00");
    Instant asked = published.plus(Duration.ofHours(20)); // same UTC day, later

    APIGatewayV2HTTPResponse json = points(Map.of("asOf", asked.toString()));
    APIGatewayV2HTTPResponse csv = points(Map.of("asOf", asked.toString(), "format", "csv"));

    assertEquals(200, json.getStatusCode(), json.getBody());
    Map<String, Object> body = JSON.std.mapFrom(json.getBody());
    assertEquals("snapshot", body.get("source"));
    assertEquals(published.toString(), body.get("asOf"));
    assertEquals(Map.of("date", Snapshot.dayOf(published).toString(), "requestedAsOf", asked.toString()),
        body.get("snapshot"));
    assertEquals("GOLD", body.get("tier"));
    assertEquals(Map.of("managed", "12.50", "sold", "0.00", "total", "12.50"), body.get("points"));
    assertEquals(List.of(Map.of("clientId", 4242, "managedPoints", "12.50", "status", "SERVICED")), body.get("clients"));
    assertEquals(200, csv.getStatusCode(), csv.getBody());
    assertEquals(PointsHandler.CSV, csv.getHeaders().get("content-type"));
    assertTrue(csv.getBody().endsWith("\r\n4242,,,,,12.50,,SERVICED,,,\r\n"), csv.getBody());
  }

  @Test
  void theHorizonComesAfterAuthorizationAndValidation() throws Exception {
    String longAgo = NOW.minus(Duration.ofDays(30)).toString();
    counter.clear();

    APIGatewayV2HTTPResponse otherPartner = handler.handleRequest(
        get(Long.toString(partner), Map.of("asOf", longAgo), Map.of(), partnerClaims(partner + 1)), null);
    APIGatewayV2HTTPResponse badFormat = points(Map.of("asOf", longAgo, "format", "xml"));

    assertEquals(403, otherPartner.getStatusCode());
    assertEquals(400, badFormat.getStatusCode());
    assertEquals(0, counter.total(), "nothing is looked up");
  }
}
