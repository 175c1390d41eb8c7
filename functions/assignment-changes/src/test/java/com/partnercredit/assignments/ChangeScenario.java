package com.partnercredit.assignments;

import static com.partnercredit.assignments.ChangeRequests.admin;
import static com.partnercredit.assignments.ChangeRequests.cam;
import static com.partnercredit.assignments.ChangeRequests.day;
import static com.partnercredit.assignments.ChangeRequests.event;
import static com.partnercredit.assignments.ChangeRequests.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Change-event scenarios for the storage tests: every event type, by the actors allowed to send it. */
final class ChangeScenario {
  private ChangeScenario() {}

  /**
   * The rulebook's worlds in events: partner P (domain agency.com) with alice and bob, partner P2
   * with carol; client C in USD and client C2 in JPY; users added, deactivated, reactivated and
   * removed; a manual link and unlink; subscriptions and sold deals. Every event is allowed.
   */
  static List<Map<String, Object>> everyType(long p, long p2, long c, long c2) {
    String alice = "alice" + p + "@agency.com";
    String bob = "bob" + p + "@freelance.io";
    String carol = "carol" + p2 + "@other.com";
    String s = "-" + p;
    return List.of(
        event("registered" + s, "PARTNER_REGISTERED", day(0), system(),
            "partnerId", p, "name", "Agency", "domains", List.of("agency.com"), "growthMarket", false),
        event("registered2" + s, "PARTNER_REGISTERED", day(0), system(),
            "partnerId", p2, "name", "Other", "domains", List.of("other.com"), "growthMarket", true),
        event("alice" + s, "EMPLOYEE_ADDED", day(0), admin(p), "partnerId", p, "employeeId", 901, "email", alice),
        event("bob" + s, "EMPLOYEE_ADDED", day(0), admin(p), "partnerId", p, "employeeId", 902, "email", bob),
        event("carol" + s, "EMPLOYEE_ADDED", day(0), admin(p2), "partnerId", p2, "employeeId", 903, "email", carol),
        event("client" + s, "CLIENT_UPSERTED", day(0), system(), "clientId", c, "name", "Acme", "domain", "acme.com", "currency", "USD"),
        event("client2" + s, "CLIENT_UPSERTED", day(0), system(), "clientId", c2, "name", "Kaisha", "domain", "kaisha.jp", "currency", "JPY"),
        event("mrr" + s, "SUBSCRIPTION_CHANGED", day(0), system(), "clientId", c, "mrr", "1000.00", "currency", "USD"),
        event("mrr2" + s, "SUBSCRIPTION_CHANGED", day(0), system(), "clientId", c2, "mrr", "120000", "currency", "JPY"),
        event("user-alice" + s, "CLIENT_USER_ADDED", day(1), system(), "clientId", c, "userId", 11, "email", alice),
        event("user-bob" + s, "CLIENT_USER_ADDED", day(1), system(), "clientId", c, "userId", 12, "email", bob),
        event("user-carol" + s, "CLIENT_USER_ADDED", day(1), system(), "clientId", c2, "userId", 13, "email", carol),
        event("link-bob" + s, "CLIENT_LINKED", day(3), cam(p), "partnerId", p, "employeeId", 902, "clientId", c),
        event("deactivated" + s, "CLIENT_USER_DEACTIVATED", day(10), system(), "clientId", c, "userId", 11),
        event("reactivated" + s, "CLIENT_USER_REACTIVATED", day(30), admin(p), "clientId", c, "userId", 11),
        event("unlink-bob" + s, "CLIENT_UNLINKED", day(40), admin(p), "partnerId", p, "employeeId", 902, "clientId", c),
        event("removed-carol" + s, "CLIENT_USER_REMOVED", day(20), admin(p2), "clientId", c2, "userId", 13),
        event("bob-left" + s, "EMPLOYEE_REMOVED", day(45), admin(p), "partnerId", p, "employeeId", 902),
        event("sold" + s, "DEAL_SOLD", day(5), system(),
            "partnerId", p, "clientId", c, "mrr", "250.00", "currency", "USD", "kind", "SOURCED"),
        event("sold2" + s, "DEAL_SOLD", day(6), system(),
            "partnerId", p2, "clientId", c2, "mrr", "30000", "currency", "JPY", "kind", "ASSISTED"));
  }

  /**
   * A 100-event request over two partners and four clients, every event allowed; twelve
   * reactivations by the admins of both partners on all four clients. Each client has five users:
   * three of its partner's employees and two of its own staff, whose emails are no partner
   * employee's (as real clients have; a budget measured on partner employees alone hides them).
   */
  static List<Map<String, Object>> hundred(long p1, long p2, long[] clients) {
    List<Map<String, Object>> events = new ArrayList<>();
    String s = "-" + p1;
    for (long p : new long[] {p1, p2}) {
      events.add(event("reg-" + p, "PARTNER_REGISTERED", day(0), system(),
          "partnerId", p, "name", "P" + p, "domains", List.of("agency" + p + ".com"), "growthMarket", false));
      for (int e = 1; e <= 5; e++) {
        events.add(event("emp-" + p + "-" + e, "EMPLOYEE_ADDED", day(0), admin(p),
            "partnerId", p, "employeeId", e, "email", employee(p, e)));
      }
    }
    for (int i = 0; i < clients.length; i++) {
      long c = clients[i];
      long p = i < 2 ? p1 : p2;
      String cs = s + "-" + c;
      events.add(event("up" + cs, "CLIENT_UPSERTED", day(0), system(), "clientId", c, "name", "C" + c, "domain", "c.com", "currency", "USD"));
      for (int m = 0; m < 3; m++) {
        events.add(event("mrr" + m + cs, "SUBSCRIPTION_CHANGED", day(m), system(),
            "clientId", c, "mrr", (1000 + m) + ".00", "currency", "USD"));
      }
      for (int u = 1; u <= 5; u++) {
        String email = u <= 3 ? employee(p, u) : "staff" + u + "-" + c + "@c.com";
        events.add(event("user" + u + cs, "CLIENT_USER_ADDED", day(1), system(), "clientId", c, "userId", u, "email", email));
      }
      for (int u = 1; u <= 3; u++) {
        events.add(event("off" + u + cs, "CLIENT_USER_DEACTIVATED", day(10), system(), "clientId", c, "userId", u));
        events.add(event("on" + u + cs, "CLIENT_USER_REACTIVATED", day(20), admin(p), "clientId", c, "userId", u));
        events.add(event("link" + u + cs, "CLIENT_LINKED", day(3), cam(p), "partnerId", p, "employeeId", u, "clientId", c));
      }
      events.add(event("unlink" + cs, "CLIENT_UNLINKED", day(30), cam(p), "partnerId", p, "employeeId", 1, "clientId", c));
      events.add(event("rm" + cs, "CLIENT_USER_REMOVED", day(40), system(), "clientId", c, "userId", 5));
      for (String kind : List.of("SOURCED", "ASSISTED")) {
        events.add(event(kind + cs, "DEAL_SOLD", day(5), system(),
            "partnerId", p, "clientId", c, "mrr", "100.00", "currency", "USD", "kind", kind));
      }
    }
    return events;
  }

  private static String employee(long partner, int employee) {
    return "e" + employee + "@agency" + partner + ".com";
  }
}
