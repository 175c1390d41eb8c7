package com.partnercredit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.http.HttpRequest;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.store.StorageUnavailable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignedWebhookTest {
  private static final ClientSecret SECRET = new ClientSecret("s3cret".getBytes(StandardCharsets.UTF_8));
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final String URL = "https://hooks.example.com/webhooks/hubspot";

  private final List<Measurement> emitted = new ArrayList<>();
  private final SignedWebhook webhook = new SignedWebhook(new SignatureV3(SECRET, Clock.fixed(NOW, ZoneOffset.UTC)), emitted::add);
  private final List<List<WebhookEvent>> processed = new ArrayList<>();
  private final SignedWebhook.Batch recording = (events, deadline, measurement) -> {
    processed.add(events);
    return Map.of("received", events.size());
  };

  private HttpResponse handle(HttpRequest request, SignedWebhook.Batch batch) {
    return webhook.handle(request, batch, Measurement.request("test-function", "POST /webhooks/test"));
  }

  private static HttpRequest signed(String body) {
    long ts = NOW.toEpochMilli();
    Map<String, String> headers = new HashMap<>();
    headers.put(SignatureV3.SIGNATURE_HEADER, SignatureV3.sign(SECRET, "POST", URL, body, ts));
    headers.put(SignatureV3.TIMESTAMP_HEADER, Long.toString(ts));
    return new HttpRequest("POST", URL, "/webhooks/hubspot", Map.of(), headers, body);
  }

  @Test
  void signedArrayOfObjectsIsProcessed() {
    HttpResponse response = handle(signed("[{\"eventId\":1},{\"eventId\":2}]"), recording);
    assertEquals(200, response.status());
    assertEquals("{\"received\":2}", response.body());
    assertEquals(1, processed.size());
  }

  @Test
  void badSignatureIs401AndNothingIsProcessed() {
    HttpRequest request = signed("[{\"eventId\":1}]");
    HttpRequest tampered = new HttpRequest(request.method(), request.url(), request.path(), request.query(),
        request.headers(), "[{\"eventId\":2}]");
    HttpResponse response = handle(tampered, recording);
    assertEquals(401, response.status());
    assertTrue(processed.isEmpty());
  }

  @Test
  void bodyThatIsNotJsonIs400() {
    HttpResponse response = handle(signed("[{\"eventId\":"), recording);
    assertEquals(400, response.status());
    assertTrue(response.body().contains("not valid JSON"), response.body());
    assertTrue(processed.isEmpty());
  }

  @Test
  void bodyThatIsAnObjectIs400() {
    HttpResponse response = handle(signed("{\"eventId\":1}"), recording);
    assertEquals(400, response.status());
    assertTrue(processed.isEmpty());
  }

  @Test
  void arrayWithANonObjectIs400() {
    HttpResponse response = handle(signed("[{\"eventId\":1}, 7]"), recording);
    assertEquals(400, response.status());
    assertTrue(response.body().contains("element 1"), response.body());
    assertTrue(processed.isEmpty());
  }

  @Test
  void bodyOverOneMebibyteIs413() {
    String body = "[" + "{\"pad\":\"" + "x".repeat(SignedWebhook.MAX_BODY_BYTES) + "\"}]";
    HttpResponse response = handle(signed(body), recording);
    assertEquals(413, response.status());
    assertTrue(processed.isEmpty());
  }

  @Test
  void moreThanAThousandEventsIs413() {
    String body = "[" + String.join(",", java.util.Collections.nCopies(SignedWebhook.MAX_EVENTS + 1, "{}")) + "]";
    HttpResponse response = handle(signed(body), recording);
    assertEquals(413, response.status());
    assertTrue(processed.isEmpty());
  }

  @Test
  void exactlyAThousandEventsAreAccepted() {
    String body = "[" + String.join(",", java.util.Collections.nCopies(SignedWebhook.MAX_EVENTS, "{}")) + "]";
    assertEquals(200, handle(signed(body), recording).status());
  }

  @Test
  void storageFailureIs503WithRetryAfter() {
    HttpResponse response = handle(signed("[{\"eventId\":1}]"), (events, deadline, measurement) -> {
      throw new StorageUnavailable("throttled", null);
    });
    assertEquals(503, response.status());
    assertEquals(SignedWebhook.RETRY_AFTER_SECONDS, response.headers().get("retry-after"));
    assertTrue(!response.body().contains("throttled"), "internal details stay in the log");
  }

  @Test
  void anEventNestedTooDeeplyForTheReaderIsUnreadableAndItsNeighboursAreRead() {
    String deep = "[".repeat(2000) + "]".repeat(2000);
    String body = "[{\"eventId\":1},{\"eventId\":2,\"pad\":" + deep + "},{\"eventId\":3}]";
    HttpResponse response = handle(signed(body), recording);
    assertEquals(200, response.status(), response.body());
    List<WebhookEvent> events = processed.get(0);
    assertEquals(3, events.size());
    assertEquals(Map.of("eventId", 1), events.get(0).json());
    assertTrue(!events.get(1).readable());
    assertTrue(events.get(1).unreadable().contains("nesting"), events.get(1).unreadable());
    assertEquals(body.substring(body.indexOf(",{") + 1, body.lastIndexOf(",{")), events.get(1).raw());
    assertEquals(Map.of("eventId", 3), events.get(2).json());
  }

  @Test
  void anEventNestedFarBeyondTheStackIsUnreadableNotAnError() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    HttpResponse response = handle(signed("[{\"a\":" + deep + "},{\"eventId\":3}]"), recording);
    assertEquals(200, response.status(), response.body());
    assertTrue(!processed.get(0).get(0).readable());
    assertTrue(processed.get(0).get(1).readable());
  }

  @Test
  void aThousandDigitNumberMakesOnlyItsEventUnreadable() {
    String body = "[{\"eventId\":" + "9".repeat(1500) + "},{\"eventId\":2}]";
    HttpResponse response = handle(signed(body), recording);
    assertEquals(200, response.status(), response.body());
    WebhookEvent big = processed.get(0).get(0);
    assertTrue(!big.readable());
    assertTrue(big.unreadable().length() < 400, big.unreadable());
    assertEquals(Map.of("eventId", 2), processed.get(0).get(1).json());
  }

  @Test
  void aDuplicateKeyMakesOnlyItsEventUnreadable() {
    HttpResponse response = handle(signed("[{\"eventId\":1,\"eventId\":2},{\"eventId\":3}]"), recording);
    assertEquals(200, response.status(), response.body());
    assertTrue(!processed.get(0).get(0).readable());
    assertTrue(processed.get(0).get(1).readable());
  }

  @Test
  void anUnbalancedOrTrailingBodyIsStill400() {
    for (String body : List.of("[{\"a\":[[[}]", "[{}] x", "[{}", "[{}],[]", "[{\"a\":1]}", "", "null", "[\"a\"]")) {
      HttpResponse response = handle(signed(body), recording);
      assertEquals(400, response.status(), body + " -> " + response.body());
    }
    assertTrue(processed.isEmpty());
  }

  @Test
  void anEventsTextIsKeptExactlyAsSent() {
    String body = "[ {\"eventId\" : 1, \"n\":\"\\u00e9]}\"} ,{\"eventId\":2}]";
    handle(signed(body), recording);
    assertEquals("{\"eventId\" : 1, \"n\":\"\\u00e9]}\"}", processed.get(0).get(0).raw());
    assertEquals("{\"eventId\":2}", processed.get(0).get(1).raw());
  }

  // ---- what each request measures (issue 12) ----

  @Test
  void everyRequestIsMeasuredOnceWithItsStatusAndOutcome() {
    handle(signed("[{\"eventId\":1}]"), recording);
    handle(signed("[{\"eventId\":"), recording);

    assertEquals(2, emitted.size());
    assertEquals(Optional.of(1.0), emitted.get(0).value(SignedWebhook.REQUESTS));
    assertEquals(200, emitted.get(0).properties().get("status"));
    assertEquals("ok", emitted.get(0).properties().get("outcome"));
    assertTrue(emitted.get(0).value(SignedWebhook.LATENCY).isPresent());
    assertEquals(Optional.of(1.0), emitted.get(1).value(SignedWebhook.BAD_REQUEST));
    assertEquals("bad_request", emitted.get(1).properties().get("outcome"));
  }

  @Test
  void each401IsCountedByItsReason() {
    HttpRequest good = signed("[{\"eventId\":1}]");
    Map<String, String> noSignature = new HashMap<>(good.headers());
    noSignature.remove(SignatureV3.SIGNATURE_HEADER);
    Map<String, String> stale = new HashMap<>(good.headers());
    stale.put(SignatureV3.TIMESTAMP_HEADER, Long.toString(NOW.minusSeconds(600).toEpochMilli()));
    Map<String, String> notANumber = new HashMap<>(good.headers());
    notANumber.put(SignatureV3.TIMESTAMP_HEADER, "yesterday");

    handle(new HttpRequest("POST", URL, "/webhooks/hubspot", Map.of(), noSignature, good.body()), recording);
    handle(new HttpRequest("POST", URL, "/webhooks/hubspot", Map.of(), stale, good.body()), recording);
    handle(new HttpRequest("POST", URL, "/webhooks/hubspot", Map.of(), notANumber, good.body()), recording);
    handle(new HttpRequest("POST", URL, "/webhooks/hubspot", Map.of(), good.headers(), "[{\"eventId\":2}]"), recording);

    assertEquals(List.of("missing_header", "stale_timestamp", "invalid_timestamp", "bad_signature"),
        emitted.stream().map(m -> m.byReason().keySet().iterator().next()).toList());
    for (Measurement m : emitted) {
      assertEquals(Optional.of(1.0), m.value(SignedWebhook.UNAUTHORIZED));
      assertEquals("unauthorized", m.properties().get("outcome"));
    }
    assertTrue(processed.isEmpty());
  }

  @Test
  void tooLargeAndUnavailableAreCounted() {
    String body = "[" + "{\"eventId\":1},".repeat(SignedWebhook.MAX_EVENTS) + "{\"eventId\":1}]";
    handle(signed(body), recording);
    handle(signed("[{\"eventId\":1}]"), (events, deadline, measurement) -> {
      throw new StorageUnavailable("throttled", null);
    });

    assertEquals(Optional.of(1.0), emitted.get(0).value(SignedWebhook.PAYLOAD_TOO_LARGE));
    assertEquals(413, emitted.get(0).properties().get("status"));
    assertEquals(Optional.of(1.0), emitted.get(1).value(SignedWebhook.UNAVAILABLE));
    assertEquals("unavailable", emitted.get(1).properties().get("outcome"));
  }

  @Test
  void duringARotationARequestSignedWithThePreviousSecretPassesAndIsCounted() {
    ClientSecret rotated = new ClientSecret("new-s3cret".getBytes(StandardCharsets.UTF_8));
    SignedWebhook rotating = new SignedWebhook(new SignatureV3(rotated,
        new SignatureV3.PreviousSecret(SECRET, NOW.plusSeconds(3600)), Clock.fixed(NOW, ZoneOffset.UTC)), emitted::add);

    HttpResponse response = rotating.handle(signed("[{\"eventId\":1}]"), recording,
        Measurement.request("test-function", "POST /webhooks/test"));

    assertEquals(200, response.status(), response.body());
    assertEquals(1, processed.size());
    assertEquals(Optional.of(1.0), emitted.get(0).value(SignedWebhook.PREVIOUS_SECRET));
  }

  @Test
  void afterTheGraceThePreviousSecretIs401() {
    ClientSecret rotated = new ClientSecret("new-s3cret".getBytes(StandardCharsets.UTF_8));
    SignedWebhook rotated401 = new SignedWebhook(new SignatureV3(rotated,
        new SignatureV3.PreviousSecret(SECRET, NOW.minusMillis(1)), Clock.fixed(NOW, ZoneOffset.UTC)), emitted::add);

    HttpResponse response = rotated401.handle(signed("[{\"eventId\":1}]"), recording,
        Measurement.request("test-function", "POST /webhooks/test"));

    assertEquals(401, response.status());
    assertTrue(processed.isEmpty());
    assertEquals(1, emitted.get(0).countFor(SignedWebhook.UNAUTHORIZED, "bad_signature"));
  }
}
