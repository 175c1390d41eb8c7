package com.partnercredit.ingestion;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.webhook.SignedWebhook;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 21: the handler time of an unsigned {@code POST /webhooks/hubspot?x=aaaa…aaaa;@} (a query
 * of {@code -Dkb} KB, default 10), which answers 401 without touching storage. Reports the median
 * and the maximum of {@code -Druns} requests (default 50) after 10 to warm up. Run with
 * {@code -XX:TieredStopAtLevel=1} to measure on C1, as the functions run in Lambda.
 */
public final class UnsignedRequestBenchmark {
  private UnsignedRequestBenchmark() {}

  public static void main(String[] args) {
    int kb = Integer.getInteger("kb", 10);
    int runs = Integer.getInteger("runs", 50);
    IngestionHandler handler = new IngestionHandler(
        new SignedWebhook(new SignatureV3(new ClientSecret("s".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC()),
            measurement -> {}),
        new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, null, Clock.systemUTC()),
        Optional.of("https://hooks.example.com"));
    APIGatewayV2HTTPEvent request = unsigned("x=" + "a".repeat(kb * 1024) + ";@");
    PrintStream console = System.err;
    System.setErr(new PrintStream(OutputStream.nullOutputStream())); // the 401's log line, per request
    double[] millis = new double[runs];
    try {
      for (int i = 0; i < 10 + runs; i++) {
        long started = System.nanoTime();
        int status = handler.handleRequest(request, null).getStatusCode();
        if (status != 401) {
          throw new IllegalStateException("expected 401, got " + status);
        }
        if (i >= 10) {
          millis[i - 10] = (System.nanoTime() - started) / 1e6;
        }
      }
    } finally {
      System.setErr(console);
    }
    Arrays.sort(millis);
    System.out.printf("unsigned request, %d KB query: median %.2f ms, max %.2f ms over %d runs%n",
        kb, millis[runs / 2], millis[runs - 1], runs);
  }

  /** A POST with a signature that cannot match and a timestamp of now: it reaches the HMAC and fails there. */
  static APIGatewayV2HTTPEvent unsigned(String rawQuery) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath("/webhooks/hubspot")
        .withRawQueryString(rawQuery)
        .withHeaders(Map.of(
            "X-HubSpot-Signature-v3", "bm90LWEtc2lnbmF0dXJl",
            "X-HubSpot-Request-Timestamp", Long.toString(System.currentTimeMillis())))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
            .build())
        .withBody("[]")
        .build();
  }
}
