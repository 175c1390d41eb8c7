package com.partnercredit.tier;

import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Scenario;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.publisher.PartnerResult;
import com.partnercredit.store.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A partner with many clients, for measuring the dashboard: its facts built by the shared
 * {@link Scenario}, evaluated by the rules engine, and written as the Points Breakdown route writes
 * its JSON ({@link BreakdownJson}, hence this package). Its daily snapshots are what the publisher
 * would write ({@link PartnerResult#snapshot}).
 *
 * <p>Why not through the route: a breakdown of 1,000 clients is about 1,000 Queries, which the
 * emulator answers in about 17 s (docs/benchmarks.md), past the route's 3.5 s budget; the page's
 * own work does not depend on where the JSON came from.
 *
 * <p>Clients: one in ten has no qualifying activity, one in ten was last active 65 days ago
 * (expired), the others were active 1 to 58 days ago (so some credit ends within 7 days); USD,
 * with every fifth in EUR and every seventh in JPY; every ninth is called "Acme ...".
 */
public final class LargePortfolio {
  private final long partnerId;
  private final Scenario facts = new Scenario("large");

  public LargePortfolio(long partnerId, int clients, Instant now) {
    this.partnerId = partnerId;
    String domain = "big" + partnerId + ".example";
    Instant start = now.minus(Duration.ofDays(120));
    facts.partner(partnerId, "Big Agency " + partnerId, domain, start);
    for (int e = 1; e <= 3; e++) {
      facts.employeeAdded(partnerId, e, "employee" + e + "@" + domain, start);
    }
    for (int i = 0; i < clients; i++) {
      long client = partnerId * 10_000 + i;
      String currency = i % 7 == 0 ? "JPY" : i % 5 == 0 ? "EUR" : "USD";
      String mrr = currency.equals("JPY") ? Integer.toString(100_000 + i * 100) : (500 + i % 1500) + ".00";
      String name = (i % 9 == 0 ? "Acme " : "Client ") + String.format("%04d", i) + " Ltd";
      facts.client(client, name, currency, mrr, start);
      long user = client * 10 + 1;
      facts.userAdded(client, user, "employee" + (1 + i % 3) + "@" + domain, start);
      if (i % 10 == 0) {
        continue;
      }
      int daysAgo = i % 10 == 1 ? 65 : 1 + i % 58;
      facts.activity(client, user, now.minus(Duration.ofDays(daysAgo)));
    }
  }

  public PartnerBreakdown at(Instant asOf) {
    return facts.partner(partnerId, asOf);
  }

  /** The body of {@code GET /partners/{partnerId}/points} as of {@code asOf}. */
  public String pointsJson(Instant asOf) {
    PartnerBreakdown breakdown = at(asOf);
    return HttpResponse.toJson(BreakdownJson.of(breakdown, breakdown.clients()));
  }

  /** The publisher's snapshots of the {@code days} days up to {@code now}. */
  public List<Snapshot> snapshots(Instant now, int days) {
    List<Snapshot> snapshots = new ArrayList<>();
    for (int d = days - 1; d >= 0; d--) {
      Instant asOf = now.minus(Duration.ofDays(d));
      snapshots.add(PartnerResult.of(at(asOf)).snapshot(asOf));
    }
    return snapshots;
  }
}
