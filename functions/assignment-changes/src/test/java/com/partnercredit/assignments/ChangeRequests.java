package com.partnercredit.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Signed {@code POST /webhooks/assignments} requests for the integration tests, and their answers. */
final class ChangeRequests {
  static final ClientSecret SECRET = new ClientSecret("it-secret".getBytes(StandardCharsets.UTF_8));
  static final String BASE_URL = "https://hooks.example.com";
  static final String PATH = "/webhooks/assignments";
  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  /** Ids unique to a test run: every test class of a run shares the emulator. */
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);

  private ChangeRequests() {}

  static long nextId() {
    return IDS.incrementAndGet();
  }

  /**
   * Day {@code n} of a scenario, at 10:00 UTC, from 50 days before {@link #NOW}: the scenarios run
   * to day 45, and an {@code occurredAt} more than a day after now is refused (docs/api.md section 6).
   */
  static Instant day(int n) {
    return NOW.minus(Duration.ofDays(50)).plus(Duration.ofDays(n));
  }

  static AssignmentHandler handler(DynamoDbClient dynamo, String table) {
    return new AssignmentHandler(
        new SignedWebhook(new SignatureV3(SECRET, CLOCK), measurement -> {}),
        new AssignmentChanges(new FactStore(dynamo, table, CLOCK), new BatchWriter(dynamo, table), CLOCK),
        Optional.of(BASE_URL));
  }

  static Map<String, Object> system() {
    return Map.of("role", "SYSTEM");
  }

  static Map<String, Object> admin(long partnerId) {
    return Map.of("role", "PARTNER_ADMIN", "partnerId", partnerId, "userId", 9001);
  }

  static Map<String, Object> cam(long partnerId) {
    return Map.of("role", "CAM_ACCESS", "partnerId", partnerId, "userId", 9002);
  }

  /** One change event: {@code fields} are name, value pairs. */
  static Map<String, Object> event(String eventId, String type, Instant at, Map<String, Object> actor, Object... fields) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("eventId", eventId);
    json.put("type", type);
    json.put("occurredAt", at.toEpochMilli());
    json.put("actor", actor);
    for (int i = 0; i < fields.length; i += 2) {
      json.put((String) fields[i], fields[i + 1]);
    }
    return json;
  }

  static String json(Object value) {
    try {
      return JSON.std.asString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static APIGatewayV2HTTPEvent signed(String body) {
    long ts = NOW.toEpochMilli();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("POST " + PATH)
        .withRawPath(PATH)
        .withRawQueryString("")
        .withHeaders(Map.of(
            "content-type", "application/json",
            "X-HubSpot-Signature-v3", SignatureV3.sign(SECRET, "POST", BASE_URL + PATH, body, ts),
            "X-HubSpot-Request-Timestamp", Long.toString(ts)))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withDomainName("abc123.execute-api.us-east-1.amazonaws.com")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath(PATH).build())
            .build())
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }

  /** Sends the events in one signed request; expects a 200 and returns its body. */
  static Map<String, Object> send(AssignmentHandler handler, List<Map<String, Object>> events) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(signed(json(events)), null);
    assertEquals(200, response.getStatusCode(), response.getBody());
    try {
      return JSON.std.mapFrom(response.getBody());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> send(AssignmentHandler handler, Map<String, Object> event) {
    return send(handler, List.of(event));
  }

  /** The expected 200 body. */
  static Map<String, Object> answer(int accepted, int duplicates, Map<String, String> rejectedReasonById) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accepted", accepted);
    body.put("duplicates", duplicates);
    body.put("rejected", rejectedReasonById.entrySet().stream()
        .map(e -> Map.<String, Object>of("eventId", e.getKey(), "reason", e.getValue())).toList());
    return body;
  }

  /** The eventIds a response lists under {@code deferred}, in order (none when absent). */
  @SuppressWarnings("unchecked")
  static List<Object> deferredIds(Map<String, Object> answer) {
    return ((List<Map<String, Object>>) answer.getOrDefault("deferred", List.of())).stream()
        .map(d -> d.get("eventId")).toList();
  }
}
