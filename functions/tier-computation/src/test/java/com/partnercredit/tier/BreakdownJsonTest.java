package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.PartnerBreakdown;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BreakdownJsonTest {
  private final PartnerBreakdown breakdown = Breakdowns.partner();

  private ClientCredit row(long clientId) {
    return breakdown.clients().stream().filter(c -> c.clientId() == clientId).findFirst().orElseThrow();
  }

  @Test
  void theContractsFieldsComeFirstInOrderThenTheExtraOnes() {
    Map<String, Object> json = BreakdownJson.of(breakdown, breakdown.clients());

    assertEquals(List.of("partnerId", "asOf", "tier", "nextTier", "points", "qualifyingActivities", "clients",
        "projection", "source", "changesUntil", "name", "tierThresholdsAreExamples", "servicedClients", "soldDeals"),
        List.copyOf(json.keySet()));
    assertEquals("live", json.get("source"), "computed from live facts (docs/api.md section 4, the time horizon)");
  }

  @Test
  void aReadModelAnswerSaysSoAndWhatItReflects() {
    Instant until = Instant.parse("2026-11-28T09:59:58.250Z");
    Map<String, Object> json =
        BreakdownJson.of(breakdown, breakdown.clients(), PointsBreakdown.Source.READ_MODEL, until);

    assertEquals("readModel", json.get("source"));
    assertEquals("2026-11-28T09:59:58.250Z", json.get("changesUntil"));
  }

  @Test
  void idsAreNumbersTimesIsoStringsAndPointsDecimalStrings() {
    Map<String, Object> json = BreakdownJson.of(breakdown, breakdown.clients());

    assertEquals(Breakdowns.PARTNER, json.get("partnerId"));
    assertEquals(breakdown.asOf().toString(), json.get("asOf"));
    assertEquals(breakdown.tier().name(), json.get("tier"));
    @SuppressWarnings("unchecked")
    Map<String, Object> points = (Map<String, Object>) json.get("points");
    assertEquals(List.of("managed", "sold", "total"), List.copyOf(points.keySet()));
    assertEquals("10.00", points.get("managed"));
    @SuppressWarnings("unchecked")
    Map<String, Object> activities = (Map<String, Object>) json.get("qualifyingActivities");
    assertEquals(List.of("windowDays", "count"), List.copyOf(activities.keySet()));
    assertEquals(90, ((Number) activities.get("windowDays")).intValue());
    assertEquals(2, ((Number) activities.get("count")).intValue());
  }

  @Test
  void aClientRowHasItsFieldsAndEmployeesInTheContractsShape() {
    ClientCredit acme = row(Breakdowns.ACME);

    Map<String, Object> json = BreakdownJson.client(acme);

    assertEquals(Breakdowns.ACME, json.get("clientId"));
    assertEquals("USD", json.get("currency"));
    assertEquals("1000.00", json.get("mrr"));
    assertEquals("SERVICED", json.get("status"));
    assertEquals(acme.creditUntil().toString(), json.get("creditUntil"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> employees = (List<Map<String, Object>>) json.get("employees");
    assertEquals(List.of("employeeId", "email", "lastQualifyingActivityAt"), List.copyOf(employees.get(0).keySet()));
    assertEquals(List.of(Breakdowns.ALICE, Breakdowns.BOB), employees.stream().map(e -> e.get("email")).toList());
  }

  @Test
  void aMissingCreditUntilIsNull() {
    assertNull(BreakdownJson.client(row(Breakdowns.IDLE)).get("creditUntil"));
  }

  @Test
  void onlyTheRowsAskedForAreListedButTheTotalsStayThePartners() {
    Map<String, Object> all = BreakdownJson.of(breakdown, breakdown.clients());

    Map<String, Object> one = BreakdownJson.of(breakdown, List.of(row(Breakdowns.IDLE)));

    assertEquals(1, ((List<?>) one.get("clients")).size());
    assertEquals(all.get("points"), one.get("points"));
    assertEquals(all.get("servicedClients"), one.get("servicedClients"));
  }

  @Test
  void aSoldDealShowsItsMoneyCurrencyAndPoints() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> deals = (List<Map<String, Object>>) BreakdownJson.of(breakdown, List.of()).get("soldDeals");

    assertEquals(1, deals.size());
    Map<String, Object> deal = deals.get(0);
    assertEquals(List.of("eventId", "clientId", "kind", "mrr", "currency", "soldAt", "until", "points"),
        List.copyOf(deal.keySet()));
    assertEquals(Breakdowns.IDLE, deal.get("clientId"));
    assertEquals("SOURCED", deal.get("kind"));
    assertEquals("200.00", deal.get("mrr"));
    assertEquals("USD", deal.get("currency"));
    assertTrue(((String) deal.get("soldAt")).endsWith("Z"));
  }
}
