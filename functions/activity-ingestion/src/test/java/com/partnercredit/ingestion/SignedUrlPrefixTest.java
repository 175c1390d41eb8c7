package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.webhook.SignedWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The signed URI is the URL HubSpot called, also when {@code PUBLIC_BASE_URL} carries a path
 * prefix: a custom domain's API mapping key or a stage (API Gateway keeps it in {@code rawPath}),
 * or a proxy's prefix (stripped before API Gateway). Through the real handler; an empty array
 * stores nothing, so no table is needed.
 */
class SignedUrlPrefixTest {
  private static final ClientSecret SECRET = new ClientSecret("prefix-secret".getBytes(StandardCharsets.UTF_8));
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static IngestionHandler handler(String publicBaseUrl) {
    return new IngestionHandler(
        new SignedWebhook(new SignatureV3(SECRET, CLOCK), measurement -> {}),
        new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, new BatchWriter(null, "unused"), CLOCK),
        Optional.ofNullable(publicBaseUrl));
  }

  private static int status(String publicBaseUrl, String calledUrl, String rawPath, String domain) {
    String body = "[]";
    long ts = NOW.toEpochMilli();
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
        .withRawPath(rawPath)
        .withRawQueryString("portal=222")
        .withHeaders(Map.of(
            "X-HubSpot-Signature-v3", SignatureV3.sign(SECRET, "POST", calledUrl + "?portal=222", body, ts),
            "X-HubSpot-Request-Timestamp", Long.toString(ts)))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withDomainName(domain)
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
            .build())
        .withBody(body)
        .build();
    return handler(publicBaseUrl).handleRequest(event, null).getStatusCode();
  }

  @Test
  void aCustomDomainWithAnApiMappingKeyKeepsThePrefixOnce() {
    assertEquals(200, status("https://api.example.com/credit", "https://api.example.com/credit/webhooks/hubspot",
        "/credit/webhooks/hubspot", "api.example.com"));
  }

  @Test
  void aProxyThatStripsItsPrefixStillSignsTheCalledUrl() {
    assertEquals(200, status("https://api.example.com/credit", "https://api.example.com/credit/webhooks/hubspot",
        "/webhooks/hubspot", "abc123.execute-api.us-east-1.amazonaws.com"));
  }

  @Test
  void aNamedStageOnTheDefaultEndpointIsPartOfTheSignedUrl() {
    String host = "abc123.execute-api.us-east-1.amazonaws.com";
    assertEquals(200, status("https://" + host + "/prod", "https://" + host + "/prod/webhooks/hubspot",
        "/prod/webhooks/hubspot", host));
    assertEquals(200, status(null, "https://" + host + "/prod/webhooks/hubspot", "/prod/webhooks/hubspot", host));
  }

  @Test
  void aBaseUrlWithoutAPathIsUnchanged() {
    assertEquals(200, status("https://hooks.example.com", "https://hooks.example.com/webhooks/hubspot",
        "/webhooks/hubspot", "hooks.example.com"));
  }

  @Test
  void aUrlSignedWithoutThePrefixIs401() {
    assertEquals(401, status("https://api.example.com/credit", "https://api.example.com/webhooks/hubspot",
        "/webhooks/hubspot", "api.example.com"));
  }
}
