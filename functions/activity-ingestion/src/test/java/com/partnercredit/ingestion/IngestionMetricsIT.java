package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import com.partnercredit.webhook.SignedWebhook;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one webhook request writes to the logs (issue 12): its Embedded Metric Format documents,
 * valid against the EMF specification with every declared metric present, the counts and reasons,
 * and one line per dead letter carrying its table key, never its raw JSON or an email address.
 */
class IngestionMetricsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final ClientSecret SECRET = new ClientSecret("metrics-secret".getBytes(StandardCharsets.UTF_8));
  private static final String BASE_URL = "https://hooks.example.com";
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String NAMESPACE = "PartnerCredit/metrics-it";

  private final List<String> emf = new ArrayList<>();

  private IngestionHandler handler(SignatureV3 signature) {
    return new IngestionHandler(
        new SignedWebhook(signature, new EmfMetrics(NAMESPACE, emf::add, Clock.systemUTC())),
        new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), CLOCK),
        Optional.of(BASE_URL));
  }

  static Context context(String requestId) {
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
  }

  private static APIGatewayV2HTTPEvent signed(String body, ClientSecret secret) {
    long ts = NOW.toEpochMilli();
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath("/webhooks/hubspot")
        .withHeaders(Map.of(
            "X-HubSpot-Signature-v3", SignatureV3.sign(secret, "POST", BASE_URL + "/webhooks/hubspot", body, ts),
            "X-HubSpot-Request-Timestamp", Long.toString(ts)))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("api-req-1")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
            .build())
        .withBody(body)
        .build();
  }

  private static String activity(long eventId, long clientId, String type, String sourceId) {
    return "{\"eventId\":" + eventId + ",\"portalId\":" + clientId + ",\"occurredAt\":" + NOW.minusSeconds(60).toEpochMilli()
        + ",\"subscriptionType\":\"" + type + "\"" + (sourceId == null ? "" : ",\"sourceId\":\"" + sourceId + "\"") + "}";
  }

  private List<Map<String, Object>> documents() throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String line : emf) {
      docs.add(JSON.std.mapFrom(line));
    }
    return docs;
  }

  @Test
  void aWebhookWritesValidEmfWithItsCountsAndReasons() throws Exception {
    long client = 7_000_000 + (long) (Math.random() * 1_000_000);
    String body = "[" + String.join(",",
        activity(1, client, "contact.creation", "userId:555"),       // qualifying, stored
        activity(1, client, "contact.creation", "userId:555"),       // duplicate
        activity(2, client, "user.login", "userId:555"),             // not qualifying
        activity(3, client, "contact.teleported", "userId:555"),     // unknown type
        activity(4, client, "contact.creation", null),               // not attributable
        "{\"eventId\":5,\"occurredAt\":1}",                        // invalid: a dead letter
        "{\"eventId\":6,\"eventId\":7}") + "]";                     // unreadable: a dead letter

    APIGatewayV2HTTPResponse response = handler(new SignatureV3(SECRET, CLOCK))
        .handleRequest(signed(body, SECRET), context("lambda-req-1"));

    assertEquals(200, response.getStatusCode(), response.getBody());
    List<Map<String, Object>> docs = documents();
    for (Map<String, Object> doc : docs) {
      assertEquals(List.of(), EmfSpec.violations(doc), doc.toString());
    }
    Map<String, Object> request = docs.get(0);
    assertEquals("activity-ingestion", request.get("Function"));
    assertEquals("POST /webhooks/hubspot", request.get("Route"));
    assertEquals(7, request.get("Received"));
    assertEquals(1, request.get("Stored"));
    assertEquals(1, request.get("Duplicates"));
    assertEquals(3, request.get("Ignored"));
    assertEquals(2, request.get("DeadLetters"));
    assertEquals(0, request.get("Unauthorized"));
    assertEquals(1, request.get("Requests"));
    assertEquals("lambda-req-1", request.get("requestId"));
    assertEquals("api-req-1", request.get("apiRequestId"));
    assertEquals("ok", request.get("outcome"));
    assertEquals(200, request.get("status"));
    Map<String, Map<String, Object>> byReason = new java.util.HashMap<>();
    docs.subList(1, docs.size()).forEach(d -> byReason.put((String) d.get("Reason"), d));
    assertEquals(Map.of("not_qualifying", 1, "unknown_type", 1, "not_attributable", 1),
        Map.of("not_qualifying", byReason.get("not_qualifying").get("Ignored"),
            "unknown_type", byReason.get("unknown_type").get("Ignored"),
            "not_attributable", byReason.get("not_attributable").get("Ignored")));
    assertEquals(1, byReason.get("invalid").get("DeadLetters"));
    assertEquals(1, byReason.get("unreadable").get("DeadLetters"));
  }

  @Test
  void aBadSignatureWritesA401WithItsReason() throws Exception {
    ClientSecret wrong = new ClientSecret("not-the-secret".getBytes(StandardCharsets.UTF_8));

    APIGatewayV2HTTPResponse response = handler(new SignatureV3(SECRET, CLOCK))
        .handleRequest(signed("[" + activity(1, 1, "contact.creation", "userId:1") + "]", wrong), context("r"));

    assertEquals(401, response.getStatusCode());
    List<Map<String, Object>> docs = documents();
    docs.forEach(doc -> assertEquals(List.of(), EmfSpec.violations(doc), doc.toString()));
    assertEquals(1, docs.get(0).get("Unauthorized"));
    assertEquals("unauthorized", docs.get(0).get("outcome"));
    assertEquals("bad_signature", docs.get(1).get("Reason"));
    assertEquals(1, docs.get(1).get("Unauthorized"));
  }

  @Test
  void aDeadLetterIsLoggedByItsKeyWithoutItsRawJsonOrAnEmail() throws Exception {
    String secretEvent = "{\"eventId\":9,\"portalId\":4242,\"occurredAt\":" + NOW.toEpochMilli()
        + ",\"subscriptionType\":\"contact.creation\",\"sourceId\":\"userId:alice@agency.com\","
        + "\"note\":\"raw-marker-123\"}";
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream console = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      handler(new SignatureV3(SECRET, CLOCK)).handleRequest(signed("[" + secretEvent + "]", SECRET), context("req-dl"));
    } finally {
      System.setOut(console);
    }

    String log = captured.toString(StandardCharsets.UTF_8) + String.join("\n", emf);
    assertFalse(log.contains("raw-marker-123"), log);
    assertFalse(log.contains("alice@agency.com"), log);
    Map<String, Object> line = null;
    for (String text : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (text.contains("\"log\":\"dead_letter\"")) {
        line = JSON.std.mapFrom(text);
      }
    }
    assertTrue(line != null, "no dead_letter line in " + log);
    assertEquals("req-dl", line.get("requestId"));
    assertEquals("invalid", line.get("reason"));
    assertEquals(4242, line.get("clientId"));
    String pk = (String) line.get("pk");
    String sk = (String) line.get("sk");
    Map<String, AttributeValue> stored = DYNAMO.client().getItem(g -> g.tableName(DYNAMO.tableName())
        .key(Map.of(Attr.PK, AttributeValue.fromS(pk), Attr.SK, AttributeValue.fromS(sk)))).item();
    assertTrue(stored.get(Attr.RAW).s().contains("raw-marker-123"), "the raw JSON stays in the table, under the logged key");
  }
}
