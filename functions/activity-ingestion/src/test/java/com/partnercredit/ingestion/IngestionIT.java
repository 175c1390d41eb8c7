package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Keys;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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

/** {@code POST /webhooks/hubspot} end to end against a real DynamoDB-compatible emulator. */
class IngestionIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final ClientSecret SECRET = new ClientSecret("it-secret".getBytes(StandardCharsets.UTF_8));
  private static final String BASE_URL = "https://hooks.example.com";
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final RequestCounter counter = new RequestCounter();
  private DynamoDbClient counted;
  private IngestionHandler handler;
  private long nextClient = 1000 + (long) (Math.random() * 1_000_000) * 1000;

  @BeforeEach
  void setUp() {
    Emulator emulator = Emulator.shared();
    counted = emulator.newDynamoDbClient(counter);
    handler = handlerOn(DYNAMO.tableName());
  }

  @AfterEach
  void tearDown() {
    counted.close();
  }

  private IngestionHandler handlerOn(String table) {
    return new IngestionHandler(
        new SignedWebhook(new SignatureV3(SECRET, CLOCK), measurement -> {}),
        new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, new BatchWriter(counted, table), CLOCK),
        Optional.of(BASE_URL));
  }

  private static APIGatewayV2HTTPEvent signedRequest(String body) {
    return HubSpotEvents.signed(body, SECRET, BASE_URL, NOW.toEpochMilli());
  }

  private static String event(long eventId, long clientId, long occurredAt, String type, String sourceId) {
    return "{\"eventId\":" + eventId + ",\"subscriptionId\":42,\"portalId\":" + clientId + ",\"appId\":7,"
        + "\"occurredAt\":" + occurredAt + ",\"subscriptionType\":\"" + type + "\",\"attemptNumber\":0,"
        + "\"objectId\":5501,\"changeSource\":\"CRM_UI\"" + (sourceId == null ? "" : ",\"sourceId\":\"" + sourceId + "\"")
        + "}";
  }

  private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
    return JSON.std.mapFrom(response.getBody());
  }

  private List<Map<String, AttributeValue>> itemsOfClient(long clientId) {
    return DYNAMO.client().query(r -> r.tableName(DYNAMO.tableName())
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.client(clientId))))
        .consistentRead(true)).items();
  }

  @Test
  void storesAQualifyingActivityWithATtlOfTheLongestWindowPlusTheHorizon() throws Exception {
    long client = nextClient++;
    long occurredAt = NOW.minus(Duration.ofDays(1)).toEpochMilli() + 1;
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(signedRequest("[" + event(1001, client, occurredAt, "contact.creation", "userId:555") + "]"), null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    Map<String, Object> body = json(response);
    assertEquals(1, ((Number) body.get("received")).intValue());
    assertEquals(1, ((Number) body.get("stored")).intValue());
    List<Map<String, AttributeValue>> items = itemsOfClient(client);
    assertEquals(1, items.size());
    Map<String, AttributeValue> item = items.get(0);
    assertEquals("555", item.get(Attr.USER_ID).n());
    assertEquals("contact.creation", item.get(Attr.ACTIVITY_TYPE).s());
    assertEquals(Long.toString(occurredAt), item.get(Attr.OCCURRED_AT).n());
    // the shipped tier policy counts activities over 90 days, longer than the 60 days of credit
    long expected = (occurredAt + Duration.ofDays(90 + 7).toMillis() + 999) / 1000;
    assertEquals(Long.toString(expected), item.get(Attr.EXPIRES_AT).n());
  }

  @Test
  void eventsSharingAnEventIdButNotTheRestOfTheirIdentityAreTwoActivitiesInOneRequestOrTwo() throws Exception {
    long client = nextClient++;
    long t = NOW.toEpochMilli() - 5000;
    String alice = event(77, client, t, "contact.creation", "userId:555");
    String bob = event(77, client, t, "contact.creation", "userId:556");
    String otherObject = alice.replace("\"objectId\":5501", "\"objectId\":5502");

    Map<String, Object> together = json(handler.handleRequest(signedRequest("[" + alice + "," + bob + "," + otherObject
        + "," + alice + "]"), null));
    assertEquals(3, ((Number) together.get("stored")).intValue(), together.toString());
    assertEquals(1, ((Number) together.get("duplicates")).intValue(), together.toString());
    List<Map<String, AttributeValue>> once = itemsOfClient(client);
    assertEquals(3, once.size());

    long separately = nextClient++;
    for (String event : List.of(alice, bob, otherObject, alice)) {
      handler.handleRequest(signedRequest("[" + event.replace("\"portalId\":" + client, "\"portalId\":" + separately) + "]"), null);
    }
    assertEquals(3, itemsOfClient(separately).size(), "the same activities whether sent in one request or many");
  }

  @Test
  void countsEveryOutcomeAndKeepsMalformedEventsAsDeadLetters() throws Exception {
    long client = nextClient++;
    long t = NOW.toEpochMilli() - 1000;
    String body = "[" + String.join(",",
        event(1, client, t, "contact.creation", "userId:1"),
        event(2, client, t, "blog_post.published", "userId:1"),
        event(1, client, t, "contact.creation", "userId:1"),
        event(3, client, t, "user.login", "userId:1"),
        event(4, client, t, "spaceship.launch", "userId:1"),
        event(5, client, t, "contact.creation", "integration:9"),
        "{\"eventId\":6,\"portalId\":" + client + ",\"subscriptionType\":\"contact.creation\"}") + "]";

    APIGatewayV2HTTPResponse response = handler.handleRequest(signedRequest(body), null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    Map<String, Object> counts = json(response);
    assertEquals(7, ((Number) counts.get("received")).intValue());
    assertEquals(2, ((Number) counts.get("qualifying")).intValue());
    assertEquals(2, ((Number) counts.get("stored")).intValue());
    assertEquals(1, ((Number) counts.get("duplicates")).intValue());
    assertEquals(Map.of("not_qualifying", 1, "unknown_type", 1, "not_attributable", 1), counts.get("ignored"));
    assertEquals(1, ((Number) counts.get("deadLetters")).intValue());
    assertTrue(response.getBody().contains("missing occurredAt"), response.getBody());
    assertEquals(2, itemsOfClient(client).size());

    List<Map<String, AttributeValue>> deadLetters = DYNAMO.client().query(r -> r.tableName(DYNAMO.tableName())
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.deadLetters("hubspot", "2026-11-28"))))).items();
    assertTrue(deadLetters.stream().anyMatch(d -> d.get(Attr.REASON).s().equals("missing occurredAt")
        && d.get(Attr.RAW).s().contains("\"eventId\":6")));
  }

  @Test
  void aRetriedWebhookCountsNothingTwice() throws Exception {
    long client = nextClient++;
    long t = NOW.toEpochMilli() - 5000;
    String body = "[" + event(11, client, t, "deal.propertyChange", "userId:7") + ","
        + event(12, client, t + 1, "deal.creation", "userId:8") + "]";

    handler.handleRequest(signedRequest(body), null);
    List<Map<String, AttributeValue>> first = itemsOfClient(client);
    APIGatewayV2HTTPResponse again = handler.handleRequest(signedRequest(body), null);

    assertEquals(200, again.getStatusCode());
    assertEquals(first, itemsOfClient(client));
    assertEquals(2, first.size());
  }

  @Test
  void aHundredQualifyingEventsTakeFourBatchWritesAndNoReads() throws Exception {
    // the client's users as real clients have them: partner employees and the client's own staff
    ClientStaff.Client staffed = ClientStaff.store(new StoredFacts(DYNAMO.client(), DYNAMO.tableName()), 1, 5, NOW).get(0);
    long client = staffed.id();
    List<Long> users = staffed.users();
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(event(10_000 + i, client, NOW.toEpochMilli() - i, "contact.propertyChange", "userId:" + users.get(i % users.size())));
    }
    counter.clear();

    APIGatewayV2HTTPResponse response = handler.handleRequest(signedRequest("[" + String.join(",", events) + "]"), null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals(4, counter.count("BatchWriteItem"), counter.toString());
    assertEquals(4, counter.total(), counter.toString());
    assertEquals(100, itemsOfClient(client).stream().filter(i -> i.get(Attr.SK).s().startsWith(Keys.ACTIVITY_PREFIX)).count());
  }

  @Test
  void nothingQualifyingMakesNoRequestAtAll() {
    long client = nextClient++;
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(event(20_000 + i, client, NOW.toEpochMilli() - i, i % 2 == 0 ? "user.login" : "contact.deletion", "userId:1"));
    }
    counter.clear();

    APIGatewayV2HTTPResponse response = handler.handleRequest(signedRequest("[" + String.join(",", events) + "]"), null);

    assertEquals(200, response.getStatusCode());
    assertEquals(0, counter.total(), counter.toString());
  }

  @Test
  void aBadSignatureIs401AndStoresNothing() {
    long client = nextClient++;
    APIGatewayV2HTTPEvent request = signedRequest("[" + event(31, client, NOW.toEpochMilli(), "contact.creation", "userId:1") + "]");
    request.setBody(request.getBody().replace("userId:1", "userId:2"));
    counter.clear();

    APIGatewayV2HTTPResponse response = handler.handleRequest(request, null);

    assertEquals(401, response.getStatusCode());
    assertEquals(0, counter.total());
    assertTrue(itemsOfClient(client).isEmpty());
  }

  @Test
  void aStorageFailureIs503WithRetryAfterSoHubSpotRetries() {
    IngestionHandler broken = handlerOn("no-such-table-" + nextClient++);
    APIGatewayV2HTTPResponse response = broken.handleRequest(
        signedRequest("[" + event(41, nextClient, NOW.toEpochMilli(), "contact.creation", "userId:1") + "]"), null);

    assertEquals(503, response.getStatusCode());
    assertEquals("5", response.getHeaders().get("retry-after"));
  }

  @Test
  void latestActivityOfAUserInAnIntervalIsOneQueryAndSkipsWhatTtlWouldHaveDeleted() {
    long client = nextClient++;
    long day = Duration.ofDays(1).toMillis();
    long now = NOW.toEpochMilli();
    String body = "[" + String.join(",",
        event(51, client, now - 70 * day, "contact.creation", "userId:9"),
        event(52, client, now - 30 * day, "contact.creation", "userId:9"),
        event(53, client, now - 10 * day, "contact.creation", "userId:9"),
        event(54, client, now - 5 * day, "contact.creation", "userId:10")) + "]";
    handler.handleRequest(signedRequest(body), null);
    StoredActivities store = new StoredActivities(counted, DYNAMO.tableName(), CLOCK);
    counter.clear();

    var latest = store.latest(client, 9, Instant.ofEpochMilli(now - 100 * day), NOW);
    var beforeTwenty = store.latest(client, 9, Instant.ofEpochMilli(now - 100 * day), Instant.ofEpochMilli(now - 20 * day));
    var onlyExpired = store.latest(client, 9, Instant.ofEpochMilli(now - 100 * day), Instant.ofEpochMilli(now - 60 * day));

    assertEquals(53, latest.orElseThrow().eventId());
    assertEquals(52, beforeTwenty.orElseThrow().eventId());
    assertTrue(onlyExpired.isEmpty(), "an item past its TTL reads as gone, deleted or not");
    assertEquals(2, counter.count("Query"), "one query each; the third range is empty before any request");
    assertEquals(List.of(52L, 53L), store.all(client, 9, Instant.ofEpochMilli(0), NOW).stream()
        .map(StoredActivities.Stored::eventId).toList());
  }
}
