package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/api.md section 7: the local stack answers requests only once the demo is seeded. A request
 * sent while the seed runs waits and is answered with the seeded demo, never an empty table.
 */
@ExtendWith(DynamoDbExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // one table for the class: the empty case first
class SeedBeforeServingIT {

  @Test
  @Order(2)
  @SuppressWarnings("unchecked")
  void aRequestSentBeforeTheSeedIsAnsweredAfterIt(TestTable table) throws Exception {
    SystemPropertiesSnapshot properties = new SystemPropertiesSnapshot();
    try (LocalStack stack = LocalStack.open(
        new LocalStack.Settings(Template.locateFile(), 0, table.name(), LocalStack.DEFAULT_SECRET), Emulator.shared())) {
      CompletableFuture<HttpResponse<String>> early = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
              stack.baseUrl().resolve("/partners/" + DemoSeed.DEMO_PARTNER + "/points"))
          .header("Authorization", "Bearer " + DemoSeed.demoToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
      // Not answered while nothing serves the public port (the request is in the listen backlog).
      assertFalse(early.isDone(), "answered before the stack was serving");

      List<String> seeded = stack.seedThenServe(true, Instant.now());

      assertEquals(2, seeded.size(), "both webhook routes seeded: " + seeded);
      HttpResponse<String> response = early.get(60, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode(), response.body());
      Map<String, Object> body = JSON.std.mapFrom(response.body());
      assertEquals(5, ((List<Object>) body.get("clients")).size(), "the seeded demo's five clients");
      assertEquals("GOLD", body.get("tier"));
    } finally {
      properties.restore();
    }
  }

  @Test
  @Order(1)
  void withoutTheSeedItAnswersAtOnceFromAnEmptyTable(TestTable table) throws Exception {
    SystemPropertiesSnapshot properties = new SystemPropertiesSnapshot();
    try (LocalStack stack = LocalStack.open(
        new LocalStack.Settings(Template.locateFile(), 0, table.name(), LocalStack.DEFAULT_SECRET), Emulator.shared())) {
      assertEquals(List.of(), stack.seedThenServe(false, Instant.now()));
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              stack.baseUrl().resolve("/partners/" + DemoSeed.DEMO_PARTNER + "/points"))
          .header("Authorization", "Bearer " + DemoSeed.demoToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, response.statusCode(), "an empty table knows no partner: " + response.body());
    } finally {
      properties.restore();
    }
  }
}
