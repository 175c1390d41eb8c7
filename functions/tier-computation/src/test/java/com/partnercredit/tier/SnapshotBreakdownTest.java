package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Tier;
import com.partnercredit.store.Snapshot;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A breakdown before the live horizon, from a snapshot: what it says, and the 410's message. */
class SnapshotBreakdownTest {
  private static final Instant PUBLISHED = Instant.parse("2026-10-01T02:00:00Z");
  private static final Instant ASKED = Instant.parse("2026-10-01T15:30:00Z");

  private static PointsBreakdown.Answer.FromSnapshot answer() {
    TreeMap<Long, BigDecimal> clients = new TreeMap<>(Map.of(222L, new BigDecimal("5.00"), 555L, new BigDecimal("10.00")));
    TreeMap<String, BigDecimal> deals = new TreeMap<>(Map.of("demo-9", new BigDecimal("25.00")));
    Snapshot snapshot = new Snapshot(111, LocalDate.parse("2026-10-01"), PUBLISHED, Tier.GOLD, new BigDecimal("15.00"),
        new BigDecimal("25.00"), new BigDecimal("40.00"), 2, clients, deals);
    return new PointsBreakdown.Answer.FromSnapshot(snapshot, ASKED);
  }

  private static PointsQuery query(Map<String, String> parameters) throws PointsQuery.Invalid {
    return PointsQuery.parse(parameters, null, Clock.fixed(ASKED, ZoneOffset.UTC));
  }

  @Test
  void itSaysSnapshotAndWhatTheSnapshotKeeps() throws Exception {
    Map<String, Object> json = SnapshotBreakdown.json(answer(), query(Map.of()));

    assertEquals(List.of("partnerId", "asOf", "tier", "nextTier", "points", "qualifyingActivities", "clients",
        "projection", "source"), List.copyOf(json.keySet()).subList(0, 9), "the contract's fields first, then source");
    assertEquals("snapshot", json.get("source"));
    assertEquals(PUBLISHED.toString(), json.get("asOf"), "the figures are as of the publication");
    assertEquals(Map.of("date", "2026-10-01", "requestedAsOf", ASKED.toString()), json.get("snapshot"));
    assertEquals("GOLD", json.get("tier"));
    assertNull(json.get("nextTier"));
    assertEquals(Map.of("managed", "15.00", "sold", "25.00", "total", "40.00"), json.get("points"));
    assertEquals(List.of(
        Map.of("clientId", 222L, "managedPoints", "5.00", "status", "SERVICED"),
        Map.of("clientId", 555L, "managedPoints", "10.00", "status", "SERVICED")), json.get("clients"));
    assertEquals(List.of(), json.get("projection"));
    assertEquals(List.of(Map.of("eventId", "demo-9", "points", "25.00")), json.get("soldDeals"));
  }

  @Test
  void searchNarrowsTheClientsByIdOnly() throws Exception {
    Map<String, Object> json = SnapshotBreakdown.json(answer(), query(Map.of("search", "55")));

    assertEquals(List.of(Map.of("clientId", 555L, "managedPoints", "10.00", "status", "SERVICED")), json.get("clients"));
    assertEquals(Map.of("managed", "15.00", "sold", "25.00", "total", "40.00"), json.get("points"), "totals stay whole");
  }

  @Test
  void theCsvHasTheBreakdownsColumnsWithWhatASnapshotKnows() throws Exception {
    String csv = SnapshotBreakdown.csv(answer(), query(Map.of("format", "csv")));

    assertEquals(String.join(",", BreakdownCsv.COLUMNS) + "\r\n"
        + "222,,,,,5.00,,SERVICED,,,\r\n"
        + "555,,,,,10.00,,SERVICED,,,\r\n", csv);
  }

  @Test
  void the410SaysWhyAndWhereToLook() {
    String message = SnapshotBreakdown.gone(111, new PointsBreakdown.Answer.Gone(LocalDate.parse("2026-10-01"), ASKED));

    assertTrue(message.contains("more than 7 days ago"), message);
    assertTrue(message.contains("no snapshot of partner 111 for 2026-10-01"), message);
    assertTrue(message.contains("/partners/111/history"), message);
  }

  @Test
  void liveFactsAnswerTheLastSevenDaysAndNothingEarlier() {
    Instant now = Instant.parse("2026-11-28T10:00:00Z");

    assertTrue(PointsBreakdown.isLive(now.minus(Duration.ofDays(7)), now), "exactly 7 days ago is live");
    assertTrue(!PointsBreakdown.isLive(now.minus(Duration.ofDays(7)).minusMillis(1), now), "a millisecond earlier is not");
    assertTrue(PointsBreakdown.isLive(now.plus(Duration.ofDays(90)), now), "the future is live");
  }
}
