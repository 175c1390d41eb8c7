package com.partnercredit.assignments;

import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.WebhookPriming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;

/**
 * SnapStart priming of {@code POST /webhooks/assignments} ({@link Priming}): one signed webhook
 * through the handler, in a dry run, with a change of every kind the Client Access Manager sends:
 * each parsed and checked, put with its conditional {@code PutItem}, and a partner admin's
 * reactivation that reads the partner's and the client's facts ({@code Query}), every AWS call
 * answered inside the process. (No unreadable element: its rejection would log a warning each time a version
 * is published.)
 */
final class AssignmentPriming {
  static final String PATH = "/webhooks/assignments";

  private final WebhookPriming webhook;

  @Inject
  AssignmentPriming(WebhookPriming webhook) {
    this.webhook = webhook;
  }

  Priming.Report prime(AssignmentHandler handler) {
    return webhook.prime(handler, PATH, AssignmentPriming::body);
  }

  void restored() {
    webhook.restored();
  }

  static String body(long now) {
    String system = "{\"role\":\"SYSTEM\"}";
    String admin = "{\"partnerId\":1,\"userId\":11,\"role\":\"PARTNER_ADMIN\"}";
    List<String> events = new ArrayList<>();
    Events e = new Events(now, events);
    e.add("PARTNER_REGISTERED", 30, system,
        "\"partnerId\":1,\"name\":\"Priming Agency\",\"domains\":[\"priming.invalid\"],\"growthMarket\":false");
    e.add("EMPLOYEE_ADDED", 20, admin, "\"partnerId\":1,\"employeeId\":12,\"email\":\"ben@freelance.invalid\"");
    e.add("CLIENT_UPSERTED", 20, system,
        "\"clientId\":101,\"name\":\"Priming client\",\"domain\":\"client.invalid\",\"currency\":\"USD\"");
    e.add("SUBSCRIPTION_CHANGED", 20, system, "\"clientId\":101,\"mrr\":\"1000.00\",\"currency\":\"USD\"");
    e.add("CLIENT_USER_ADDED", 10, system, "\"clientId\":101,\"userId\":1001,\"email\":\"ana@priming.invalid\"");
    e.add("CLIENT_LINKED", 10, admin, "\"partnerId\":1,\"employeeId\":12,\"clientId\":101");
    e.add("DEAL_SOLD", 5, system,
        "\"partnerId\":1,\"clientId\":101,\"mrr\":\"500.00\",\"currency\":\"USD\",\"kind\":\"SOURCED\"");
    e.add("CLIENT_USER_DEACTIVATED", 3, system, "\"clientId\":101,\"userId\":1001");
    e.add("CLIENT_USER_REACTIVATED", 2, admin, "\"clientId\":101,\"userId\":1001");
    e.add("EMPLOYEE_REMOVED", 1, admin, "\"partnerId\":1,\"employeeId\":12");
    return "[" + String.join(",", events) + "]";
  }

  private record Events(long now, List<String> events) {
    void add(String type, int daysAgo, String actor, String fields) {
      events.add("{\"eventId\":\"priming-" + (events.size() + 1) + "\",\"type\":\"" + type + "\",\"occurredAt\":"
          + (now - Duration.ofDays(daysAgo).toMillis()) + ",\"actor\":" + actor + "," + fields + "}");
    }
  }
}
