package com.partnercredit.tier;

import com.partnercredit.domain.PartnerFigures;
import com.partnercredit.domain.Tier;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The program view as JSON and CSV (docs/api.md, "The program view"), in the contract's order. */
final class PartnersFormats {
  static final List<String> COLUMNS = List.of("partnerId", "name", "tier", "managed", "sold", "total",
      "nextTier", "pointsNeeded", "clientsServiced", "changeTotal", "changeTier");

  private PartnersFormats() {}

  static Map<String, Object> json(ProgramView.Listing listing) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("asOf", BreakdownJson.iso(listing.asOf()));
    json.put("changesUntil", BreakdownJson.iso(listing.changesUntil()));
    List<Map<String, Object>> partners = new ArrayList<>(listing.rows().size());
    for (ProgramView.Row row : listing.rows()) {
      partners.add(partner(row));
    }
    json.put("partners", partners);
    json.put("nextCursor", listing.next() == null ? null : listing.next().encode());
    return json;
  }

  private static Map<String, Object> partner(ProgramView.Row row) {
    PartnerFigures f = row.now();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("partnerId", f.partnerId());
    json.put("name", row.name());
    json.put("tier", f.tier().name());
    Map<String, Object> points = new LinkedHashMap<>();
    points.put("managed", f.points().managed().toString());
    points.put("sold", f.points().sold().toString());
    points.put("total", f.points().total().toString());
    json.put("points", points);
    if (f.nextTier() == null) {
      json.put("nextTier", null);
    } else {
      Map<String, Object> next = new LinkedHashMap<>();
      next.put("tier", f.nextTier().tier().name());
      next.put("pointsNeeded", f.nextTier().pointsNeeded().toString());
      json.put("nextTier", next);
    }
    json.put("clientsServiced", f.clientsServiced());
    if (row.yesterday() == null) {
      json.put("change", null);
    } else {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("total", changeOfTotal(row));
      change.put("tier", row.yesterday().tier().name());
      json.put("change", change);
    }
    return json;
  }

  /** Today's displayed total minus the published total of the day before, to the cent. */
  static String changeOfTotal(ProgramView.Row row) {
    return row.total().subtract(row.yesterday().total()).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Every matching partner, one row each; text cells neutralised as the breakdown's are. */
  static String csv(ProgramView.Listing listing) {
    StringBuilder csv = new StringBuilder();
    BreakdownCsv.row(csv, COLUMNS);
    for (ProgramView.Row row : listing.rows()) {
      PartnerFigures f = row.now();
      List<String> cells = List.of(
          Long.toString(f.partnerId()),
          BreakdownCsv.field(row.name()),
          f.tier().name(),
          f.points().managed().toString(),
          f.points().sold().toString(),
          f.points().total().toString(),
          f.nextTier() == null ? "" : f.nextTier().tier().name(),
          f.nextTier() == null ? "" : f.nextTier().pointsNeeded().toString(),
          Integer.toString(f.clientsServiced()),
          row.yesterday() == null ? "" : changeOfTotal(row),
          row.yesterday() == null ? "" : row.yesterday().tier().name());
      csv.append(String.join(",", cells)).append("\r\n"); // only the name is text; numbers pass as they are
    }
    return csv.toString();
  }

  static Map<String, Object> tiers(Map<LocalDate, Map<Tier, Integer>> days) {
    List<Map<String, Object>> list = new ArrayList<>(days.size());
    days.forEach((date, counts) -> {
      Map<String, Object> day = new LinkedHashMap<>();
      day.put("date", date.toString());
      Map<String, Object> partners = new LinkedHashMap<>();
      for (Tier tier : Tier.values()) {
        partners.put(tier.name(), counts.getOrDefault(tier, 0));
      }
      day.put("partners", partners);
      list.add(day);
    });
    return Map.of("days", list);
  }
}
