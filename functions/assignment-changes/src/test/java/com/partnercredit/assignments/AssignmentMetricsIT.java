package com.partnercredit.assignments;

import static com.partnercredit.assignments.ChangeRequests.CLOCK;
import static com.partnercredit.assignments.ChangeRequests.SECRET;
import static com.partnercredit.assignments.ChangeRequests.admin;
import static com.partnercredit.assignments.ChangeRequests.cam;
import static com.partnercredit.assignments.ChangeRequests.day;
import static com.partnercredit.assignments.ChangeRequests.event;
import static com.partnercredit.assignments.ChangeRequests.json;
import static com.partnercredit.assignments.ChangeRequests.nextId;
import static com.partnercredit.assignments.ChangeRequests.signed;
import static com.partnercredit.assignments.ChangeRequests.system;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import com.partnercredit.webhook.SignedWebhook;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one assignment request writes to the logs (issue 12): valid EMF with its counts and
 * rejections by reason, and one structured line per stored fact with ids and never an email.
 */
class AssignmentMetricsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private final List<String> emf = new ArrayList<>();

  private AssignmentHandler handler() {
    return new AssignmentHandler(
        new SignedWebhook(new SignatureV3(SECRET, CLOCK), new EmfMetrics("PartnerCredit/metrics-it", emf::add,
            Clock.systemUTC())),
        new AssignmentChanges(new FactStore(DYNAMO.client(), DYNAMO.tableName(), CLOCK),
            new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), CLOCK),
        Optional.of(ChangeRequests.BASE_URL));
  }

  @Test
  void aRequestWritesValidEmfAndOneLinePerFactWithoutEmails() throws Exception {
    long partner = nextId();
    long client = nextId();
    String e1 = "m-" + nextId();
    List<Map<String, Object>> events = List.of(
        event(e1, "PARTNER_REGISTERED", day(1), system(), "partnerId", partner, "name", "Agency",
            "domains", List.of("agency.com"), "growthMarket", false),
        event("m-" + nextId(), "EMPLOYEE_ADDED", day(1), admin(partner), "partnerId", partner, "employeeId", 901,
            "email", "alice@agency.com"),
        event("m-" + nextId(), "EMPLOYEE_ADDED", day(1), cam(partner), "partnerId", partner, "employeeId", 902,
            "email", "bob@agency.com"),                                          // forbidden
        event("m-" + nextId(), "CLIENT_USER_ADDED", day(1), system(), "clientId", client, "userId", 555,
            "email", "not-an-address@"),                                         // invalid (echoes the email)
        event(e1, "PARTNER_REGISTERED", day(1), system(), "partnerId", partner, "name", "Agency",
            "domains", List.of("agency.com"), "growthMarket", false));           // duplicate
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream console = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = handler().handleRequest(signed(json(events)), RequestContext.of("assign-req")).getStatusCode();
    } finally {
      System.setOut(console);
    }

    assertEquals(200, status);
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String line : emf) {
      docs.add(JSON.std.mapFrom(line));
    }
    docs.forEach(doc -> assertEquals(List.of(), EmfSpec.violations(doc), doc.toString()));
    Map<String, Object> request = docs.get(0);
    assertEquals("POST /webhooks/assignments", request.get("Route"));
    assertEquals(5, request.get("Received"));
    assertEquals(2, request.get("Stored"));
    assertEquals(1, request.get("Duplicates"));
    assertEquals(2, request.get("Rejections"));
    assertEquals(1, request.get("DeadLetters"));
    Map<String, Map<String, Object>> byReason = new HashMap<>();
    docs.subList(1, docs.size()).forEach(d -> byReason.put((String) d.get("Reason"), d));
    assertEquals(1, byReason.get("forbidden").get("Rejections"));
    assertEquals(1, byReason.get("invalid").get("Rejections"));
    assertEquals(1, byReason.get("invalid").get("DeadLetters"));

    String log = captured.toString(StandardCharsets.UTF_8) + String.join("\n", emf);
    assertFalse(log.contains("@agency.com"), log);
    assertFalse(log.contains("not-an-address@"), log);
    List<Map<String, Object>> facts = new ArrayList<>();
    for (String text : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (text.contains("\"log\":\"fact\"")) {
        facts.add(JSON.std.mapFrom(text));
      }
    }
    assertEquals(List.of("PARTNER_REGISTERED", "EMPLOYEE_ADDED"), facts.stream().map(f -> f.get("type")).sorted(
        (a, b) -> ((String) b).compareTo((String) a)).toList());
    for (Map<String, Object> fact : facts) {
      assertEquals("PARTNER#" + partner, fact.get("partition"));
      assertEquals(partner, ((Number) fact.get("partnerId")).longValue());
      assertEquals("assign-req", fact.get("requestId"));
      assertFalse(fact.containsKey("email"));
      assertFalse(fact.containsKey("name"));
    }
    assertTrue(facts.stream().anyMatch(f -> Integer.valueOf(901).equals(f.get("employeeId"))));
  }
}
