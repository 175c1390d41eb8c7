package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.Keys;
import com.partnercredit.store.SignatureMarkers;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.webhook.SignedWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 21: a signed request sent again inside its 5-minute window (the same signature) writes
 * nothing, and a request that was not answered 200 is still stored when it comes again
 * (docs/api.md section 1, "Replays").
 */
class IngestionReplayIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final ClientSecret SECRET = new ClientSecret("replay-secret".getBytes(StandardCharsets.UTF_8));
  private static final String BASE_URL = "https://hooks.example.com";
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final RequestCounter counter = new RequestCounter();
  private final List<String> emf = new ArrayList<>();
  private DynamoDbClient counted;
  private long client = 3_000_000_000L + (long) (Math.random() * 1_000_000) * 1000;

  @BeforeEach
  void setUp() {
    counted = Emulator.shared().newDynamoDbClient(counter);
  }

  @AfterEach
  void tearDown() {
    counted.close();
  }

  /** The handler with replay markers in the test table, storing activities in {@code activityTable}. */
  private IngestionHandler handler(String activityTable) {
    return new IngestionHandler(
        new SignedWebhook(new SignatureV3(SECRET, CLOCK), new EmfMetrics("PartnerCredit/replay-it", emf::add, CLOCK),
            SignedWebhook.BUDGET, new SignatureMarkers(counted, DYNAMO.tableName())),
        new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, new BatchWriter(counted, activityTable),
            CLOCK),
        Optional.of(BASE_URL));
  }

  private String body(int events) {
    List<HubSpotEvents.Event> list = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      list.add(new HubSpotEvents.Event(100 + i, client, 555, "contact.creation", 7000 + i, NOW.toEpochMilli() - 60_000));
    }
    return HubSpotEvents.body(list);
  }

  private APIGatewayV2HTTPEvent signed(String body, long timestamp) {
    return HubSpotEvents.signed(body, SECRET, BASE_URL, timestamp);
  }

  private List<Map<String, AttributeValue>> itemsOfClient() {
    return DYNAMO.client().query(r -> r.tableName(DYNAMO.tableName())
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.client(client))))
        .consistentRead(true)).items();
  }

  private Map<String, AttributeValue> marker(APIGatewayV2HTTPEvent request) {
    return DYNAMO.client().getItem(r -> r.tableName(DYNAMO.tableName()).consistentRead(true)
        .key(Map.of(Attr.PK, AttributeValue.fromS(Keys.replay(request.getHeaders().get("X-HubSpot-Signature-v3"))),
            Attr.SK, AttributeValue.fromS(Keys.REPLAY_SK)))).item();
  }

  private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
    return JSON.std.mapFrom(response.getBody());
  }

  private Map<String, Object> lastRequestMetrics() throws Exception {
    for (int i = emf.size() - 1; i >= 0; i--) {
      Map<String, Object> doc = JSON.std.mapFrom(emf.get(i));
      if (doc.containsKey("Requests")) {
        return doc;
      }
    }
    throw new AssertionError("no request document in " + emf);
  }

  @Test
  void aReplayedSignedRequestWritesNothingAndSaysSo() throws Exception {
    IngestionHandler handler = handler(DYNAMO.tableName());
    APIGatewayV2HTTPEvent request = signed(body(30), NOW.toEpochMilli());
    APIGatewayV2HTTPResponse first = handler.handleRequest(request, null);
    assertEquals(200, first.getStatusCode(), first.getBody());
    assertEquals(30, json(first).get("stored"));
    List<Map<String, AttributeValue>> stored = itemsOfClient();
    assertEquals(30, stored.size());
    counter.clear();

    APIGatewayV2HTTPResponse replay = handler.handleRequest(request, null);

    assertEquals(200, replay.getStatusCode(), replay.getBody());
    assertEquals(Map.of("replayed", true, "received", 30, "message",
        "this signed request was already received and stored; nothing was done again"), json(replay));
    assertEquals(Map.of("PutItem", 1), counter.snapshot(), "one refused claim of the marker, no other write");
    assertEquals(stored, itemsOfClient());
    assertEquals(1, lastRequestMetrics().get("Replayed"));
    assertEquals("ANSWERED", marker(request).get(Attr.STATE).s());
  }

  @Test
  void theSameEventsSignedAgainWithANewTimestampAreNotAReplay() throws Exception {
    IngestionHandler handler = handler(DYNAMO.tableName());
    String body = body(2);
    assertEquals(200, handler.handleRequest(signed(body, NOW.toEpochMilli()), null).getStatusCode());

    // HubSpot's own retry: a new timestamp, so a new signature (and its attemptNumber changes the body)
    APIGatewayV2HTTPResponse retry = handler.handleRequest(signed(body, NOW.toEpochMilli() + 60_000), null);

    assertEquals(200, retry.getStatusCode(), retry.getBody());
    assertFalse(json(retry).containsKey("replayed"), retry.getBody());
    assertEquals(2, json(retry).get("stored"), "stored again as the identical items, which changes nothing");
    assertEquals(2, itemsOfClient().size());
  }

  @Test
  void aRequestAnswered503IsStoredWhenTheSameSignedRequestComesAgain() throws Exception {
    APIGatewayV2HTTPEvent request = signed(body(5), NOW.toEpochMilli());
    APIGatewayV2HTTPResponse failed = handler("no-such-table-" + client).handleRequest(request, null);
    assertEquals(503, failed.getStatusCode(), failed.getBody());
    assertEquals("RELEASED", marker(request).get(Attr.STATE).s());

    APIGatewayV2HTTPResponse again = handler(DYNAMO.tableName()).handleRequest(request, null);

    assertEquals(200, again.getStatusCode(), again.getBody());
    assertEquals(5, json(again).get("stored"));
    assertEquals(5, itemsOfClient().size());
    assertEquals("ANSWERED", marker(request).get(Attr.STATE).s());
  }

  @Test
  void aReplayWhileTheFirstIsInFlightIs503AndWritesNothing() throws Exception {
    APIGatewayV2HTTPEvent request = signed(body(3), NOW.toEpochMilli());
    String signature = request.getHeaders().get("X-HubSpot-Signature-v3");
    SignatureMarkers markers = new SignatureMarkers(DYNAMO.client(), DYNAMO.tableName());
    assertEquals(SignatureMarkers.Claim.FIRST, markers.claim(signature, NOW.toEpochMilli(), "in-flight", Deadline.NONE));
    counter.clear();

    APIGatewayV2HTTPResponse replay = handler(DYNAMO.tableName()).handleRequest(request, null);

    assertEquals(503, replay.getStatusCode(), replay.getBody());
    assertEquals("5", replay.getHeaders().get("retry-after"));
    assertEquals(Map.of("PutItem", 1), counter.snapshot(), "one refused claim of the marker, no other write");
    assertEquals(List.of(), itemsOfClient());
    assertEquals("PENDING", marker(request).get(Attr.STATE).s(), "the first request's marker is left alone");
  }
}
