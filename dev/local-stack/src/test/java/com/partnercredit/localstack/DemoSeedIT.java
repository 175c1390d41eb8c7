package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local stack's demo, seeded through its own signed webhook routes, as the README shows it. */
@ExtendWith(DynamoDbExtension.class)
class DemoSeedIT {
  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    properties = new SystemPropertiesSnapshot();
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), LocalStack.DEFAULT_SECRET),
        Emulator.shared());
  }

  @AfterAll
  static void stop() {
    stack.close();
    properties.restore();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDemoPartnerSeesEveryCaseTheIssueAsksFor() throws Exception {
    Instant now = Instant.now();
    new DemoSeed(stack.baseUrl(), LocalStack.DEFAULT_SECRET).seed(now);
    new DemoSeed(stack.baseUrl(), LocalStack.DEFAULT_SECRET).seed(now); // seeding again changes nothing
    stack.readModel().awaitCaughtUp(Duration.ofSeconds(60)); // the default breakdown answers from the read model

    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            stack.baseUrl().resolve("/partners/" + DemoSeed.DEMO_PARTNER + "/points"))
        .header("Authorization", "Bearer " + DemoSeed.demoToken()).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> body = JSON.std.mapFrom(response.body());
    Map<Long, Map<String, Object>> clients = new TreeMap<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) body.get("clients")) {
      clients.put(((Number) c.get("clientId")).longValue(), c);
    }
    assertEquals(List.of(222L, 333L, 444L, 555L, 666L), List.copyOf(clients.keySet()));
    assertEquals("SERVICED", clients.get(222L).get("status"));
    assertEquals(2, ((Number) clients.get(222L).get("servicingPartners")).intValue(), "serviced by both partners");
    assertEquals("500.00", clients.get(222L).get("managedCredit"));
    assertEquals("SERVICED", clients.get(333L).get("status"));
    assertEquals("EUR", clients.get(333L).get("currency"));
    Instant until = Instant.parse((String) clients.get(333L).get("creditUntil"));
    assertEquals(true, until.isBefore(now.plus(Duration.ofDays(7))), "expires within 7 days: " + until);
    assertEquals("NOT_ASSIGNED_AT_ACTIVITY", clients.get(444L).get("status"), "bob was active before the link");
    assertEquals("JPY", clients.get(444L).get("currency"));
    assertEquals("SERVICED", clients.get(555L).get("status"));
    assertEquals("10.00", clients.get(555L).get("managedPoints"));
    assertEquals("ENDED", clients.get(666L).get("status"));
    assertEquals(Map.of("managed", "23.52", "sold", "25.00", "total", "48.52"), body.get("points"));
    assertEquals("GOLD", body.get("tier"));
    System.out.println("demo breakdown: " + response.body());
  }
}
