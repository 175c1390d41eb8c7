package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignEventTest {

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private static Map<String, Object> event() throws Exception {
    return JSON.std.mapFrom("""
        {"version":"2.0","rawPath":"/webhooks/hubspot","rawQueryString":"a=1&b=%3A",
         "headers":{"X-HubSpot-Signature-v3":"old","X-HubSpot-Request-Timestamp":"1","content-type":"application/json"},
         "requestContext":{"http":{"method":"POST","path":"/webhooks/hubspot"},"timeEpoch":1},
         "body":"[{\\"eventId\\":1}]","isBase64Encoded":false}""");
  }

  @SuppressWarnings("unchecked")
  private static Optional<SignatureV3.Rejection> verify(Map<String, Object> event, String secret, String uri) {
    Map<String, Object> headers = (Map<String, Object>) event.get("headers");
    return new SignatureV3(new ClientSecret(secret.getBytes(StandardCharsets.UTF_8)), Clock.fixed(NOW, ZoneOffset.UTC))
        .check("POST", uri, (String) event.get("body"), (String) headers.get("x-hubspot-signature-v3"),
            (String) headers.get("x-hubspot-request-timestamp")).rejection();
  }

  @Test
  void signatureCoversMethodFullUrlWithQueryBodyAndTimestamp() throws Exception {
    Map<String, Object> event = event();

    SignEvent.sign(event, "s3cret", "http://127.0.0.1:3000", NOW);

    String uri = "http://127.0.0.1:3000/webhooks/hubspot?a=1&b=%3A";
    assertEquals(Optional.empty(), verify(event, "s3cret", uri));
    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH), verify(event, "other", uri));
    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH),
        verify(event, "s3cret", "http://127.0.0.1:3000/webhooks/hubspot"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void replacesOldHeadersInAnyCaseAndTheRequestTime() throws Exception {
    Map<String, Object> event = event();
    assertTrue(SignEvent.isSigned(event));

    SignEvent.sign(event, "s3cret", "http://127.0.0.1:3000", NOW);

    Map<String, Object> headers = (Map<String, Object>) event.get("headers");
    assertFalse(headers.containsKey("X-HubSpot-Signature-v3"));
    assertEquals(Long.toString(NOW.toEpochMilli()), headers.get("x-hubspot-request-timestamp"));
    assertEquals("application/json", headers.get("content-type"));
    assertEquals(NOW.toEpochMilli(), ((Number) ((Map<String, Object>) event.get("requestContext")).get("timeEpoch")).longValue());
  }

  @Test
  void curlCommandTargetsTheBaseUrlWithTheSignedHeaders() throws Exception {
    Map<String, Object> event = event();
    SignEvent.sign(event, "s3cret", "http://127.0.0.1:4000", NOW);

    String curl = SignEvent.curl(event, "http://127.0.0.1:4000");

    assertTrue(curl.contains("-X POST 'http://127.0.0.1:4000/webhooks/hubspot?a=1&b=%3A'"), curl);
    assertTrue(curl.contains("-H 'x-hubspot-request-timestamp: " + NOW.toEpochMilli() + "'"), curl);
    assertTrue(curl.contains("--data-binary '[{\"eventId\":1}]'"), curl);
  }
}
