package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.webhook.SignedWebhook;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: an unsigned request chooses its query, so its 401 logs the URL without it and its length,
 * never the query (whose redaction was quadratic on a long run before an '@'). The handler time is
 * measured by {@link UnsignedRequestBenchmark}, not asserted.
 */
class UnsignedRequestTest {
  @Test
  void aLongUnsignedQueryAnswers401AndItsLogLineHoldsNoneOfTheQuery() {
    IngestionHandler handler = new IngestionHandler(
        new SignedWebhook(new SignatureV3(new ClientSecret("s".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC()),
            measurement -> {}),
        new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, null, Clock.systemUTC()),
        Optional.of("https://hooks.example.com"));
    String query = "x=" + "a".repeat(10 * 1024) + ";@";

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream console = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    APIGatewayV2HTTPResponse response;
    try {
      response = handler.handleRequest(UnsignedRequestBenchmark.unsigned(query), null);
    } finally {
      System.setErr(console);
    }

    assertEquals(401, response.getStatusCode(), response.getBody());
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("webhook rejected (401)"), log);
    assertTrue(log.contains("url=https://hooks.example.com/webhooks/hubspot queryLength=" + query.length()), log);
    assertFalse(log.contains("aaaa"), "the query's text is not logged");
    assertFalse(log.contains("x="), "the query's text is not logged");
    assertFalse(response.getBody().contains("aaaa"), "nor answered");
    assertEquals("max-age=31536000; includeSubDomains", response.getHeaders().get("strict-transport-security"),
        "every answer of the API is HTTPS-only, a 401 too");
  }
}
