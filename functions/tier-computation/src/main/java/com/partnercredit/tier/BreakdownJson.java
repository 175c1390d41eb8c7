package com.partnercredit.tier;

import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.EmployeeCredit;
import com.partnercredit.domain.NextTier;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.ProjectedPoints;
import com.partnercredit.domain.SoldDealPoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Points Breakdown as docs/api.md section 4 shapes it: ids as integers, money and points as
 * decimal strings ("1000.00"; "5000" for JPY), times as ISO-8601 UTC strings, fields in the
 * contract's order. Fields beyond the contract's come after them.
 */
final class BreakdownJson {
  private BreakdownJson() {}

  /** As computed from the stored facts, all of them reflected at the breakdown's {@code asOf}. */
  static Map<String, Object> of(PartnerBreakdown b, List<ClientCredit> clients) {
    return of(b, clients, PointsBreakdown.Source.LIVE, b.asOf());
  }

  /**
   * The whole breakdown; {@code clients} are the rows to show (the totals are always the partner's);
   * {@code source} and {@code changesUntil} say where it came from and what it reflects.
   */
  static Map<String, Object> of(PartnerBreakdown b, List<ClientCredit> clients, PointsBreakdown.Source source,
      Instant changesUntil) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("partnerId", b.partnerId());
    json.put("asOf", iso(b.asOf()));
    json.put("tier", b.tier().name());
    json.put("nextTier", nextTier(b.nextTier()));
    Map<String, Object> points = new LinkedHashMap<>();
    points.put("managed", b.points().managed().toString());
    points.put("sold", b.points().sold().toString());
    points.put("total", b.points().total().toString());
    json.put("points", points);
    Map<String, Object> activities = new LinkedHashMap<>();
    activities.put("windowDays", b.qualifyingActivities().windowDays());
    activities.put("count", b.qualifyingActivities().count());
    json.put("qualifyingActivities", activities);
    List<Map<String, Object>> rows = new ArrayList<>(clients.size());
    for (ClientCredit client : clients) {
      rows.add(client(client));
    }
    json.put("clients", rows);
    List<Map<String, Object>> projection = new ArrayList<>();
    for (ProjectedPoints p : b.projection()) {
      Map<String, Object> day = new LinkedHashMap<>();
      day.put("date", p.date().toString());
      day.put("managed", p.managed().toString());
      projection.add(day);
    }
    json.put("projection", projection);
    json.put("source", source.word);
    json.put("changesUntil", iso(changesUntil));
    json.put("name", b.name());
    json.put("tierThresholdsAreExamples", b.tierThresholdsAreExamples());
    json.put("servicedClients", b.servicedClients());
    List<Map<String, Object>> deals = new ArrayList<>();
    for (SoldDealPoints deal : b.soldDeals()) {
      deals.add(soldDeal(deal));
    }
    json.put("soldDeals", deals);
    return json;
  }

  private static Object nextTier(NextTier next) {
    if (next == null) {
      return null;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("tier", next.tier().name());
    json.put("pointsNeeded", next.pointsNeeded().toString());
    json.put("soldPointsNeeded", next.soldPointsNeeded().toString());
    json.put("managedPointsNeeded", next.managedPointsNeeded().toString());
    json.put("qualifyingActivitiesNeeded", next.qualifyingActivitiesNeeded());
    return json;
  }

  static Map<String, Object> client(ClientCredit c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("clientId", c.clientId());
    json.put("name", c.name());
    json.put("currency", c.currency().getCurrencyCode());
    json.put("mrr", c.mrr().toString());
    json.put("managedCredit", c.managedCredit().toString());
    json.put("managedPoints", c.managedPoints().toString());
    json.put("servicingPartners", c.servicingPartners());
    json.put("status", c.status().name());
    json.put("creditUntil", iso(c.creditUntil()));
    json.put("reason", c.reason());
    List<Map<String, Object>> employees = new ArrayList<>(c.employees().size());
    for (EmployeeCredit e : c.employees()) {
      Map<String, Object> employee = new LinkedHashMap<>();
      employee.put("employeeId", e.employeeId());
      employee.put("email", e.email());
      employee.put("lastQualifyingActivityAt", iso(e.lastQualifyingActivityAt()));
      employees.add(employee);
    }
    json.put("employees", employees);
    return json;
  }

  private static Map<String, Object> soldDeal(SoldDealPoints deal) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("eventId", deal.eventId());
    json.put("clientId", deal.clientId());
    json.put("kind", deal.kind().name());
    json.put("mrr", deal.mrr().toString());
    json.put("currency", deal.mrr().currency().getCurrencyCode());
    json.put("soldAt", iso(deal.soldAt()));
    json.put("until", iso(deal.until()));
    json.put("points", deal.points().toString());
    return json;
  }

  static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
