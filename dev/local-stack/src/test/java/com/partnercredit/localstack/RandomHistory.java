package com.partnercredit.localstack;

import static com.partnercredit.localstack.WebhookEvents.admin;
import static com.partnercredit.localstack.WebhookEvents.system;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A random history of every fact type, as the two webhook routes receive it (docs/api.md sections 2
 * and 3), within the 60 days before now: partners registered and re-registered (domains, growth
 * market), employees added and removed, clients with subscription changes (zero included) in USD,
 * EUR, GBP or JPY, employee and own-staff users added, deactivated, reactivated by a partner admin
 * (a deferred permission, sometimes by the wrong partner's admin), removed by the system or by an
 * admin; links, unlinks, sold deals, and activities (some not qualifying). {@link #send} delivers it
 * out of order, in random chunks through both routes, with some events sent twice.
 */
final class RandomHistory {
  private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY"};
  private static final String[] ACTIVITIES = {"contact.creation", "deal.propertyChange", "blog_post.published",
      "workflow.created", "landing_page.published", "user.login"};

  final List<Long> partners = new ArrayList<>();
  final List<Map<String, Object>> facts = new ArrayList<>();
  final List<Map<String, Object>> activities = new ArrayList<>();
  private final Random random;
  private final Instant now;
  private final AtomicLong ids;

  private RandomHistory(Random random, Instant now, AtomicLong ids) {
    this.random = random;
    this.now = now;
    this.ids = ids;
  }

  static RandomHistory generate(Random random, Instant now, AtomicLong ids) {
    RandomHistory h = new RandomHistory(random, now, ids);
    h.build();
    return h;
  }

  private record Employee(long partnerId, long employeeId, String email, Instant added) {}

  private void build() {
    List<Employee> employees = new ArrayList<>();
    int partnerCount = 2 + random.nextInt(2);
    for (int p = 0; p < partnerCount; p++) {
      long partner = ids.incrementAndGet();
      partners.add(partner);
      String domain = "p" + partner + ".example";
      boolean growth = chance(30);
      fact("PARTNER_REGISTERED", daysAgo(60), system(), "partnerId", partner, "name", "Partner " + partner,
          "domains", List.of(domain), "growthMarket", growth);
      for (int e = 1; e <= 2 + random.nextInt(2); e++) {
        String email = chance(70) ? "e" + e + "@" + domain : "f" + e + "-" + partner + "@freelance.example";
        Instant added = between(daysAgo(58), daysAgo(15));
        employees.add(new Employee(partner, 900 + e, email, added));
        fact("EMPLOYEE_ADDED", added, admin(partner), "partnerId", partner, "employeeId", 900 + e, "email", email);
        if (chance(20)) {
          fact("EMPLOYEE_REMOVED", between(added, now), admin(partner), "partnerId", partner, "employeeId", 900 + e);
        }
      }
      if (chance(40)) { // a partner-side change: another domain, or the growth market turned
        fact("PARTNER_REGISTERED", between(daysAgo(40), now), system(), "partnerId", partner,
            "name", "Partner " + partner + " renamed", "domains", List.of(domain, "q" + partner + ".example"),
            "growthMarket", chance(50) != growth);
      }
    }
    for (int c = 0; c < 3 + random.nextInt(2); c++) {
      long client = ids.incrementAndGet();
      String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
      fact("CLIENT_UPSERTED", daysAgo(59), system(), "clientId", client, "name", "Client " + client,
          "domain", "c" + client + ".example", "currency", currency);
      fact("SUBSCRIPTION_CHANGED", daysAgo(59), system(), "clientId", client, "mrr", mrr(currency), "currency", currency);
      if (chance(40)) {
        fact("SUBSCRIPTION_CHANGED", between(daysAgo(50), now), system(), "clientId", client,
            "mrr", chance(20) ? zero(currency) : mrr(currency), "currency", currency);
      }
      if (chance(30)) {
        fact("DEAL_SOLD", between(daysAgo(50), now), system(), "partnerId", pick(partners), "clientId", client,
            "mrr", mrr(currency), "currency", currency, "kind", chance(50) ? "SOURCED" : "ASSISTED");
      }
      int users = 1 + random.nextInt(3);
      for (int u = 0; u <= users; u++) {
        long user = ids.incrementAndGet();
        Employee employee = u < users ? employees.get(random.nextInt(employees.size())) : null;
        String email = employee == null ? "staff" + user + "@c" + client + ".example" : employee.email();
        Instant added = between(daysAgo(55), daysAgo(5));
        fact("CLIENT_USER_ADDED", added, system(), "clientId", client, "userId", user, "email", email);
        if (employee != null && chance(25)) {
          Instant linked = between(added, now);
          fact("CLIENT_LINKED", linked, admin(employee.partnerId()), "partnerId", employee.partnerId(),
              "employeeId", employee.employeeId(), "clientId", client);
          if (chance(40)) {
            fact("CLIENT_UNLINKED", between(linked, now), admin(employee.partnerId()), "partnerId",
                employee.partnerId(), "employeeId", employee.employeeId(), "clientId", client);
          }
        }
        if (chance(25)) {
          Instant off = between(added, now);
          fact("CLIENT_USER_DEACTIVATED", off, system(), "clientId", client, "userId", user);
          if (employee != null && chance(70)) { // deferred: decided on the facts known when evaluated
            long by = chance(80) ? employee.partnerId() : pick(partners);
            fact("CLIENT_USER_REACTIVATED", between(off, now), admin(by), "clientId", client, "userId", user);
          }
        }
        if (chance(12)) {
          Map<String, Object> actor = employee != null && chance(50) ? admin(chance(70) ? employee.partnerId()
              : pick(partners)) : system();
          fact("CLIENT_USER_REMOVED", between(added, now), actor, "clientId", client, "userId", user);
        }
        for (int a = random.nextInt(5); a > 0; a--) {
          activity(client, user, between(daysAgo(50), now));
        }
      }
    }
  }

  /**
   * Sends the history through the stack's webhook routes: shuffled, in chunks of 1 to 8, the two
   * routes interleaved, about one event in seven sent again later. Returns when the last answered 200.
   */
  Instant send(DemoSeed webhooks) throws Exception {
    List<Object[]> chunks = new ArrayList<>();
    chunk(facts, "/webhooks/assignments", chunks);
    chunk(activities, "/webhooks/hubspot", chunks);
    Collections.shuffle(chunks, random);
    Instant last = Instant.EPOCH;
    for (Object[] chunk : chunks) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> events = (List<Map<String, Object>>) chunk[1];
      String answer = webhooks.signedPost((String) chunk[0], JSON.std.asString(events));
      last = Instant.now();
      Object rejected = JSON.std.mapFrom(answer).get("rejected");
      if (rejected instanceof List<?> list && !list.isEmpty()) {
        throw new AssertionError("rejected: " + list);
      }
    }
    return last;
  }

  private void chunk(List<Map<String, Object>> events, String path, List<Object[]> chunks) {
    List<Map<String, Object>> shuffled = new ArrayList<>(events);
    for (Map<String, Object> event : events) {
      if (chance(15)) {
        shuffled.add(event); // a duplicate delivery
      }
    }
    Collections.shuffle(shuffled, random);
    for (int i = 0; i < shuffled.size(); ) {
      int n = Math.min(shuffled.size() - i, 1 + random.nextInt(8));
      chunks.add(new Object[] {path, List.copyOf(shuffled.subList(i, i + n))});
      i += n;
    }
  }

  private void fact(String type, Instant at, Map<String, Object> actor, Object... fields) {
    facts.add(WebhookEvents.change("h-" + ids.incrementAndGet(), type, at, actor, fields));
  }

  private void activity(long client, long user, Instant at) {
    activities.add(WebhookEvents.activity(ids.incrementAndGet(), client, user,
        ACTIVITIES[random.nextInt(ACTIVITIES.length)], at, 5000 + random.nextInt(1000)));
  }

  private String mrr(String currency) {
    int units = 100 + random.nextInt(3000);
    return currency.equals("JPY") ? Integer.toString(units * 150) : units + "." + (random.nextBoolean() ? "00" : "50");
  }

  private static String zero(String currency) {
    return currency.equals("JPY") ? "0" : "0.00";
  }

  private long pick(List<Long> from) {
    return from.get(random.nextInt(from.size()));
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private Instant daysAgo(int days) {
    return now.minus(Duration.ofDays(days));
  }

  /** A time between the two (on the hour or at 10 past, so that equal times are common). */
  private Instant between(Instant from, Instant to) {
    long hours = Math.max(1, Duration.between(from, to).toHours());
    Instant t = from.plus(Duration.ofHours(random.nextLong(hours))).truncatedTo(ChronoUnit.HOURS)
        .plus(Duration.ofMinutes(random.nextBoolean() ? 0 : 10));
    return t.isBefore(from) ? from : t.isAfter(to) ? to : t;
  }
}
