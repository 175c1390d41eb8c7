package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.TestTable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fact answered 200 by a webhook route shows in the default breakdown (from the read model, fed by
 * the local stack's poller on the table's stream): each of {@link #WEBHOOKS} activities, sent one
 * after the other, is the employee's last qualifying activity in the default breakdown within
 * {@link #BOUND}. The lag from the 200 to the first answer that shows it is measured and printed
 * (p50, p99), never asserted: docs/benchmarks.md reports it.
 */
@ExtendWith(DynamoDbExtension.class)
class ReadModelLagIT {
  static final String SECRET = "lag-secret";
  static final int WEBHOOKS = 50;
  static final Duration BOUND = Duration.ofSeconds(30);
  static final long PARTNER = 7_710_001;
  static final long CLIENT = 7_720_001;
  static final long USER = 7_730_001;

  private static ReadModelStack stack;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    stack = ReadModelStack.start(table, SECRET);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aFactAnswered200ShowsInTheDefaultBreakdown() throws Exception {
    measure(stack.stack, SECRET, "READ-MODEL-LAG");
  }

  /** Sends {@link #WEBHOOKS} activities one by one, each awaited in the default breakdown; prints the lags. */
  @SuppressWarnings("unchecked")
  static void measure(LocalStack stack, String secret, String label) throws Exception {
    DemoSeed webhooks = new DemoSeed(stack.baseUrl(), secret);
    Breakdowns breakdowns = new Breakdowns(stack.baseUrl());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant start = now.minus(Duration.ofDays(10));
    List<Map<String, Object>> facts = List.of(
        fact("PARTNER_REGISTERED", start, "partnerId", PARTNER, "name", "Lag Agency", "domains", List.of("lag.example"),
            "growthMarket", false),
        fact("EMPLOYEE_ADDED", start, "partnerId", PARTNER, "employeeId", 901, "email", "alice@lag.example"),
        fact("CLIENT_UPSERTED", start, "clientId", CLIENT, "name", "Lag Client", "domain", "client.example",
            "currency", "USD"),
        fact("SUBSCRIPTION_CHANGED", start, "clientId", CLIENT, "mrr", "1000.00", "currency", "USD"),
        fact("CLIENT_USER_ADDED", start, "clientId", CLIENT, "userId", USER, "email", "alice@lag.example"));
    webhooks.signedPost("/webhooks/assignments", JSON.std.asString(facts));
    breakdowns.awaitChangesUntil(PARTNER, Instant.now());

    List<Long> lags = new ArrayList<>();
    for (int i = 0; i < WEBHOOKS; i++) {
      Instant occurred = now.minus(Duration.ofMinutes(WEBHOOKS - i));
      webhooks.signedPost("/webhooks/hubspot", JSON.std.asString(List.of(
          WebhookEvents.activity(77_000_000L + i, CLIENT, USER, "contact.creation", occurred, 5000 + i))));
      long answered = System.nanoTime();
      long deadline = answered + BOUND.toNanos();
      while (true) {
        Map<String, Object> breakdown = breakdowns.get(PARTNER, "");
        assertEquals("readModel", breakdown.get("source"));
        Map<String, Object> client = ((List<Map<String, Object>>) breakdown.get("clients")).get(0);
        List<Map<String, Object>> employees = (List<Map<String, Object>>) client.get("employees");
        // no employee is listed before the client's first qualifying activity
        if (!employees.isEmpty() && occurred.toString().equals(employees.get(0).get("lastQualifyingActivityAt"))) {
          lags.add((System.nanoTime() - answered) / 1_000_000);
          break;
        }
        assertTrue(System.nanoTime() < deadline, "activity " + i + " not in the default breakdown after " + BOUND
            + ": " + breakdown);
        Thread.sleep(10);
      }
    }
    Collections.sort(lags);
    System.out.printf("%s %d webhooks: from the 200 to the default breakdown p50 %d ms, p99 %d ms, "
        + "max %d ms%n", label, lags.size(), lags.get(lags.size() / 2), lags.get((int) Math.ceil(lags.size() * 0.99) - 1),
        lags.get(lags.size() - 1));
  }

  private static Map<String, Object> fact(String type, Instant at, Object... fields) {
    return WebhookEvents.change("lag-" + type + "-" + fields[1], type, at,
        type.startsWith("EMPLOYEE") ? WebhookEvents.admin(PARTNER) : WebhookEvents.system(), fields);
  }
}
