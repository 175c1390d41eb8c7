package com.partnercredit.ingestion;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Run by {@link ColdStartBenchmark} in a fresh JVM on the shaded jar: does what Lambda does at a
 * cold start (the handler's no-arg constructor, then one signed webhook against the emulator) and
 * exits. Configuration comes as system properties, as the handler allows.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) {
    IngestionHandler handler = new IngestionHandler();
    String secret = System.getProperty("HUBSPOT_CLIENT_SECRET");
    String base = System.getProperty("PUBLIC_BASE_URL");
    long now = System.currentTimeMillis();
    String body = "[{\"eventId\":" + now + ",\"portalId\":222,\"occurredAt\":" + now
        + ",\"subscriptionType\":\"contact.creation\",\"sourceId\":\"userId:555\"}]";
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
        .withRawPath("/webhooks/hubspot")
        .withRawQueryString("")
        .withHeaders(Map.of(
            "x-hubspot-signature-v3", SignatureV3.sign(new ClientSecret(secret.getBytes(StandardCharsets.UTF_8)),
                "POST", base + "/webhooks/hubspot", body, now),
            "x-hubspot-request-timestamp", Long.toString(now)))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build()).build())
        .withBody(body)
        .build();
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
    System.out.println("handled " + response.getStatusCode() + " " + response.getBody());
    System.exit(response.getStatusCode() == 200 ? 0 : 1);
  }

  /** The bare JVM baseline. */
  public static final class Hello {
    private Hello() {}

    public static void main(String[] args) {
      System.out.println("hello");
    }
  }
}
