package com.partnercredit.tier;

import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotChange;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history as JSON (docs/api.md section 4: {@code {"partnerId", "days": [{"date", "tier",
 * "points", "change", "clients"}]}}, then {@code asOf}, the instant the day's figures are as of)
 * and as RFC 4180 CSV, one row per day with the same values flattened, in the same order.
 */
final class HistoryFormats {
  static final List<String> COLUMNS = List.of("date", "tier", "managed", "sold", "total",
      "newManaged", "lostManaged", "newSold", "lostSold", "clients", "asOf");

  private HistoryFormats() {}

  static Map<String, Object> json(long partnerId, HistoryQuery query, List<PointsHistory.Day> days) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("partnerId", partnerId);
    List<Map<String, Object>> rows = new ArrayList<>(days.size());
    for (PointsHistory.Day day : days) {
      Snapshot s = day.snapshot();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("date", s.day().toString());
      row.put("tier", s.tier().name());
      Map<String, Object> points = new LinkedHashMap<>();
      points.put("managed", decimal(s.managed()));
      points.put("sold", decimal(s.sold()));
      points.put("total", decimal(s.total()));
      row.put("points", points);
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("newManaged", decimal(day.change().newManaged()));
      change.put("lostManaged", decimal(day.change().lostManaged()));
      change.put("newSold", decimal(day.change().newSold()));
      change.put("lostSold", decimal(day.change().lostSold()));
      row.put("change", change);
      row.put("clients", s.servicedClients());
      row.put("asOf", s.asOf().toString());
      rows.add(row);
    }
    json.put("days", rows);
    json.put("from", query.from().toString());
    json.put("to", query.to().toString());
    return json;
  }

  static String csv(List<PointsHistory.Day> days) {
    StringBuilder csv = new StringBuilder();
    BreakdownCsv.row(csv, COLUMNS);
    for (PointsHistory.Day day : days) {
      Snapshot s = day.snapshot();
      SnapshotChange c = day.change();
      BreakdownCsv.row(csv, List.of(s.day().toString(), s.tier().name(), decimal(s.managed()), decimal(s.sold()),
          decimal(s.total()), decimal(c.newManaged()), decimal(c.lostManaged()), decimal(c.newSold()),
          decimal(c.lostSold()), Integer.toString(s.servicedClients()), s.asOf().toString()));
    }
    return csv.toString();
  }

  private static String decimal(BigDecimal value) {
    return SnapshotChange.decimal(value);
  }
}
