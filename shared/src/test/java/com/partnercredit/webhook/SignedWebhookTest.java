package com.partnercredit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.http.HttpRequest;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.StorageUnavailable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedWebhookTest {
  private static final ClientSecret SECRET = new ClientSecret("s3cret".getBytes(StandardCharsets.UTF_8));
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final String URL = "https://hooks.example.com/webhooks/hubspot";

  private final SignedWebhook webhook = new SignedWebhook(new SignatureV3(SECRET, Clock.fixed(NOW, ZoneOffset.UTC)));
  private final List<List<Map<String, Object>>> processed = new ArrayList<>();
  private final SignedWebhook.Batch recording = events -> {
    processed.add(events);
    return Map.of("received", events.size());
  };

  private static HttpRequest signed(String body) {
    long ts = NOW.toEpochMilli();
    Map<String, String> headers = new HashMap<>();
    headers.put(SignatureV3.SIGNATURE_HEADER, SignatureV3.sign(SECRET, "POST", URL, body, ts));
    headers.put(SignatureV3.TIMESTAMP_HEADER, Long.toString(ts));
    return new HttpRequest("POST", URL, "/webhooks/hubspot", Map.of(), headers, body);
  }

  @Test
  void signedArrayOfObjectsIsProcessed() {
    HttpResponse response = webhook.handle(signed("[{\"eventId\":1},{\"eventId\":2}]"), recording);
    assertEquals(200, response.status());
    assertEquals("{\"received\":2}", response.body());
    assertEquals(1, processed.size());
  }

  @Test
  void badSignatureIs401AndNothingIsProcessed() {
    HttpRequest request = signed("[{\"eventId\":1}]");
    HttpRequest tampered = new HttpRequest(request.method(), request.url(), request.path(), request.query(),
        request.headers(), "[{\"eventId\":2}]");
    HttpResponse response = webhook.handle(tampered, recording);
    assertEquals(401, response.status());
    assertTrue(processed.isEmpty());
  }

  @Test
  void bodyThatIsNotJsonIs400() {
    HttpResponse response = webhook.handle(signed("[{\"eventId\":"), recording);
    assertEquals(400, response.status());
    assertTrue(response.body().contains("not valid JSON"), response.body());
    assertTrue(processed.isEmpty());
  }

  @Test
  void bodyThatIsAnObjectIs400() {
    HttpResponse response = webhook.handle(signed("{\"eventId\":1}"), recording);
    assertEquals(400, response.status());
    assertTrue(processed.isEmpty());
  }

  @Test
  void arrayWithANonObjectIs400() {
    HttpResponse response = webhook.handle(signed("[{\"eventId\":1}, 7]"), recording);
    assertEquals(400, response.status());
    assertTrue(response.body().contains("element 1"), response.body());
    assertTrue(processed.isEmpty());
  }

  @Test
  void bodyOverOneMebibyteIs413() {
    String body = "[" + "{\"pad\":\"" + "x".repeat(SignedWebhook.MAX_BODY_BYTES) + "\"}]";
    HttpResponse response = webhook.handle(signed(body), recording);
    assertEquals(413, response.status());
    assertTrue(processed.isEmpty());
  }

  @Test
  void moreThanAThousandEventsIs413() {
    String body = "[" + String.join(",", java.util.Collections.nCopies(SignedWebhook.MAX_EVENTS + 1, "{}")) + "]";
    HttpResponse response = webhook.handle(signed(body), recording);
    assertEquals(413, response.status());
    assertTrue(processed.isEmpty());
  }

  @Test
  void exactlyAThousandEventsAreAccepted() {
    String body = "[" + String.join(",", java.util.Collections.nCopies(SignedWebhook.MAX_EVENTS, "{}")) + "]";
    assertEquals(200, webhook.handle(signed(body), recording).status());
  }

  @Test
  void storageFailureIs503WithRetryAfter() {
    HttpResponse response = webhook.handle(signed("[{\"eventId\":1}]"), events -> {
      throw new StorageUnavailable("throttled", null);
    });
    assertEquals(503, response.status());
    assertEquals(SignedWebhook.RETRY_AFTER_SECONDS, response.headers().get("retry-after"));
    assertTrue(!response.body().contains("throttled"), "internal details stay in the log");
  }
}
