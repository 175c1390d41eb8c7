package com.partnercredit.tier;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Scenario;
import com.partnercredit.publisher.PartnerResult;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.store.StoredFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A partner with many clients, for measuring the dashboard: its facts built by the shared
 * {@link Scenario}, stored in the table as its webhooks would have stored them ({@link #store}), and
 * read back by the Points Breakdown route's own handler ({@link #pointsHandler}, hence this package).
 * Its daily snapshots are what the publisher would write ({@link PartnerResult#snapshot}).
 *
 * <p>Clients: one in ten has no qualifying activity, one in ten was last active 65 days ago
 * (expired), the others were active 1 to 58 days ago (so some credit ends within 7 days); USD,
 * with every fifth in EUR and every seventh in JPY; every ninth is called "Acme ...".
 */
public final class LargePortfolio {
  private final long partnerId;
  private final Scenario facts = StoredFacts.scenario();

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

  /** Stores the partner's facts, its clients' and their activities, through the store (not the webhooks). */
  public void store(StoredFacts stored) throws StorageUnavailable {
    stored.store(facts);
  }

  /**
   * The tier-computation function's handler of {@code GET /partners/{partnerId}/points}, built from
   * the parts its Lambda builds it from (the fact store and snapshots on {@code table}, the rules
   * engine), with {@code budget} for the lookup instead of the route's 3.5 s: the emulator answers a
   * 1,000-client breakdown's 2,000 Queries one at a time, in more than that.
   */
  public static PointsHandler pointsHandler(DynamoDbClient dynamo, String table, Duration budget) {
    Clock clock = Clock.systemUTC();
    PointsBreakdown breakdowns = new PointsBreakdown(new FactStore(dynamo, table, clock),
        new CreditEngine(RuleTablesLoader.fromClasspath()), snapshots(dynamo, table));
    return new PointsHandler(breakdowns, clock, budget, measurement -> {});
  }

  /**
   * The handler of {@code GET /partners/{partnerId}/history}, built as {@link #pointsHandler} is, with
   * {@code budget}: the page asks for the history while the emulator is still busy with the breakdown.
   */
  public static HistoryHandler historyHandler(DynamoDbClient dynamo, String table, Duration budget) {
    return new HistoryHandler(new PointsHistory(snapshots(dynamo, table)), Clock.systemUTC(), budget);
  }

  private static SnapshotStore snapshots(DynamoDbClient dynamo, String table) {
    return new SnapshotStore(dynamo, table, new BatchWriter(dynamo, table));
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
