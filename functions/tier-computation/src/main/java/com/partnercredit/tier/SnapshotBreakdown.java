package com.partnercredit.tier;

import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.CreditStatus;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotChange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Points Breakdown answered from the publisher's snapshot of a day (docs/api.md section 4, the
 * time horizon), marked {@code "source": "snapshot"}. A snapshot keeps the partner's tier, its
 * points and each serviced client's managed points and nothing else, so the answer says only that:
 * {@code nextTier} and {@code qualifyingActivities} are null, {@code projection} is empty, and a
 * client row has its id, its managed points and status {@code SERVICED} (the clients the partner
 * did not service that day are not in it). {@code asOf} is the instant the figures are as of (the
 * publication's), {@code requestedAsOf} what was asked.
 */
final class SnapshotBreakdown {
  static final String SOURCE = "snapshot";

  private SnapshotBreakdown() {}

  /** The serviced clients of the snapshot, by clientId, that the query's {@code search} matches (by id: a snapshot keeps no names). */
  static List<Map.Entry<Long, BigDecimal>> clients(Snapshot snapshot, PointsQuery query) {
    return snapshot.managedByClient().entrySet().stream()
        .filter(e -> query.matches(e.getKey(), null))
        .toList();
  }

  static Map<String, Object> json(PointsBreakdown.Answer.FromSnapshot answer, PointsQuery query) {
    Snapshot s = answer.snapshot();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("partnerId", s.partnerId());
    json.put("asOf", s.asOf().toString());
    json.put("tier", s.tier().name());
    json.put("nextTier", null);
    Map<String, Object> points = new LinkedHashMap<>();
    points.put("managed", SnapshotChange.decimal(s.managed()));
    points.put("sold", SnapshotChange.decimal(s.sold()));
    points.put("total", SnapshotChange.decimal(s.total()));
    json.put("points", points);
    json.put("qualifyingActivities", null);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<Long, BigDecimal> client : clients(s, query)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("clientId", client.getKey());
      row.put("managedPoints", SnapshotChange.decimal(client.getValue()));
      row.put("status", CreditStatus.SERVICED.name());
      rows.add(row);
    }
    json.put("clients", rows);
    json.put("projection", List.of());
    json.put("source", SOURCE);
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("date", s.day().toString());
    snapshot.put("requestedAsOf", answer.requestedAsOf().toString());
    json.put("snapshot", snapshot);
    json.put("servicedClients", s.servicedClients());
    List<Map<String, Object>> deals = new ArrayList<>();
    s.soldByDeal().forEach((eventId, dealPoints) -> {
      Map<String, Object> deal = new LinkedHashMap<>();
      deal.put("eventId", eventId);
      deal.put("points", SnapshotChange.decimal(dealPoints));
      deals.add(deal);
    });
    json.put("soldDeals", deals);
    return json;
  }

  /** The breakdown's CSV columns ({@link BreakdownCsv#COLUMNS}), with what a snapshot knows filled in. */
  static String csv(PointsBreakdown.Answer.FromSnapshot answer, PointsQuery query) {
    StringBuilder csv = new StringBuilder();
    BreakdownCsv.row(csv, BreakdownCsv.COLUMNS);
    for (Map.Entry<Long, BigDecimal> client : clients(answer.snapshot(), query)) {
      BreakdownCsv.row(csv, List.of(Long.toString(client.getKey()), "", "", "", "",
          SnapshotChange.decimal(client.getValue()), "", CreditStatus.SERVICED.name(), "", "", ""));
    }
    return csv.toString();
  }

  /** The 410's message: why there is no exact answer, and what would give one. */
  static String gone(long partnerId, PointsBreakdown.Answer.Gone gone) {
    return "asOf " + gone.requestedAsOf() + " is more than " + CreditLifetime.HORIZON.toDays() + " days ago, before what live facts answer exactly, and "
        + "there is no snapshot of partner " + partnerId + " for " + gone.day()
        + " (the publisher writes one per partner per UTC day); see GET /partners/" + partnerId + "/history";
  }
}
