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
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Keys;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.webhook.SignedWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /webhooks/hubspot} and the limits of docs/api.md section 6, through the signed
 * handler into the emulator: a bad event is a dead letter whose reason names the field and the
 * limit, the valid events beside it are stored, and the answer is 200, never 400 or 503.
 */
class IngestionLimitsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  static final ClientSecret SECRET = new ClientSecret("it-secret".getBytes(StandardCharsets.UTF_8));
  static final String BASE_URL = "https://hooks.example.com";
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000 + 500_000_000L);

  private final long client = IDS.incrementAndGet();
  private final IngestionHandler handler = new IngestionHandler(
      new SignedWebhook(new SignatureV3(SECRET, CLOCK), measurement -> {}),
      new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), CLOCK),
      Optional.of(BASE_URL));

  static APIGatewayV2HTTPEvent signed(String body) {
    long ts = NOW.toEpochMilli();
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath("/webhooks/hubspot")
        .withHeaders(Map.of(
            "X-HubSpot-Signature-v3", SignatureV3.sign(SECRET, "POST", BASE_URL + "/webhooks/hubspot", body, ts),
            "X-HubSpot-Request-Timestamp", Long.toString(ts)))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
            .build())
        .withBody(body)
        .build();
  }

  private String valid(long eventId) {
    return "{\"eventId\":" + eventId + ",\"portalId\":" + client + ",\"occurredAt\":" + (NOW.toEpochMilli() - 1000)
        + ",\"subscriptionType\":\"contact.creation\",\"sourceId\":\"userId:7\",\"changeSource\":\"CRM_UI\"}";
  }

  private Map<String, Object> send(String... events) throws Exception {
    APIGatewayV2HTTPResponse response = handler.handleRequest(signed("[" + String.join(",", events) + "]"), null);
    assertEquals(200, response.getStatusCode(), response.getBody().substring(0, Math.min(500, response.getBody().length())));
    return JSON.std.mapFrom(response.getBody());
  }

  private List<Map<String, AttributeValue>> activities() {
    return DYNAMO.client().query(r -> r.tableName(DYNAMO.tableName()).consistentRead(true)
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.client(client))))).items();
  }

  private static List<Map<String, AttributeValue>> deadLetters() {
    return DYNAMO.client().query(r -> r.tableName(DYNAMO.tableName()).consistentRead(true)
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(
            Keys.deadLetters(ActivityIngestion.ROUTE, NOW.toString().substring(0, 10)))))).items();
  }

  @SuppressWarnings("unchecked")
  private static String onlyReason(Map<String, Object> body) {
    List<Map<String, Object>> reasons = (List<Map<String, Object>>) body.get("deadLetterReasons");
    assertEquals(1, reasons.size(), reasons.toString());
    assertEquals(1, ((Number) reasons.get(0).get("index")).intValue());
    String reason = (String) reasons.get(0).get("reason");
    assertTrue(reason.length() < 400, reason);
    return reason;
  }

  private void assertNeighboursStored(Map<String, Object> body) {
    assertEquals(2, ((Number) body.get("stored")).intValue(), body.toString());
    assertEquals(1, ((Number) body.get("deadLetters")).intValue(), body.toString());
    assertEquals(2, activities().size());
  }

  @Test
  void aMalformedEventPaddedToHalfAMegabyteIsADeadLetterOfSixteenKilobytes() throws Exception {
    long id = IDS.incrementAndGet();
    String padded = "{\"portalId\":" + client + ",\"marker\":" + id + ",\"pad\":\"" + "x".repeat(500 * 1024) + "\"}";

    Map<String, Object> body = send(valid(id), padded, valid(id + 1));

    assertEquals("missing eventId", onlyReason(body));
    assertNeighboursStored(body);
    Map<String, AttributeValue> letter = deadLetters().stream()
        .filter(d -> d.get(Attr.RAW).s().contains("\"marker\":" + id)).findFirst().orElseThrow();
    assertTrue(letter.get(Attr.RAW).s().length() <= DeadLetters.MAX_RAW_BYTES);
    assertEquals(Integer.toString(padded.length()), letter.get(DeadLetters.RAW_LENGTH).n());
  }

  @Test
  void aHalfMegabyteChangeSourceIsADeadLetterNamingTheFieldAndTheLimit() throws Exception {
    long id = IDS.incrementAndGet();
    String big = valid(id + 5).replace("\"CRM_UI\"", "\"" + "c".repeat(500 * 1024) + "\"");

    Map<String, Object> body = send(valid(id), big, valid(id + 1));

    assertEquals("changeSource must be at most 256 characters (got 512000)", onlyReason(body));
    assertNeighboursStored(body);
  }

  @Test
  void anOccurredAtFarInTheFutureIsADeadLetter() throws Exception {
    long id = IDS.incrementAndGet();
    String future = valid(id + 5).replace("\"occurredAt\":" + (NOW.toEpochMilli() - 1000), "\"occurredAt\":99999999999999");

    Map<String, Object> body = send(valid(id), future, valid(id + 1));

    assertTrue(onlyReason(body).startsWith("occurredAt 99999999999999 must be epoch milliseconds between "
        + "2000-01-01T00:00:00Z and 1 day after now"), body.toString());
    assertNeighboursStored(body);
  }

  @Test
  void anOccurredAtBefore2000IsADeadLetter() throws Exception {
    long id = IDS.incrementAndGet();
    String old = valid(id + 5).replace("\"occurredAt\":" + (NOW.toEpochMilli() - 1000), "\"occurredAt\":1");

    Map<String, Object> body = send(valid(id), old, valid(id + 1));

    assertTrue(onlyReason(body).startsWith("occurredAt 1 must be epoch milliseconds between 2000-01-01T00:00:00Z"));
    assertNeighboursStored(body);
  }

  @Test
  void anEventNestedTwoThousandDeepIsADeadLetterNotA400() throws Exception {
    long id = IDS.incrementAndGet();
    String deep = valid(id + 5).replace("}", ",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}");

    Map<String, Object> body = send(valid(id), deep, valid(id + 1));

    assertTrue(onlyReason(body).contains("nesting"), body.toString());
    assertNeighboursStored(body);
  }

  @Test
  void aThousandDigitNumberIsADeadLetterNotA400() throws Exception {
    long id = IDS.incrementAndGet();
    String big = valid(id + 5).replace("\"eventId\":" + (id + 5), "\"eventId\":" + "7".repeat(1200));

    Map<String, Object> body = send(valid(id), big, valid(id + 1));

    assertTrue(onlyReason(body).contains("Number value length"), body.toString());
    assertNeighboursStored(body);
  }

  @Test
  void aLongSubscriptionTypeIsADeadLetter() throws Exception {
    long id = IDS.incrementAndGet();
    String big = valid(id + 5).replace("contact.creation", "contact." + "z".repeat(300));

    Map<String, Object> body = send(valid(id), big, valid(id + 1));

    assertEquals("subscriptionType must be at most 256 characters (got 308)", onlyReason(body));
    assertNeighboursStored(body);
  }
}
