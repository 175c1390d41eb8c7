package com.partnercredit.tier;

import static com.partnercredit.tier.PointsRequests.adminClaims;
import static com.partnercredit.tier.PointsRequests.partnerClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Tier;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /partners/{partnerId}/history} against the emulator: the partner's daily snapshots,
 * oldest first, each with its change since the snapshot before it; days without one are absent;
 * the breakdown's authorization; CSV; two Queries whatever the range.
 */
class HistoryIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private final RequestCounter counter = new RequestCounter();
  private DynamoDbClient counted;
  private SnapshotStore snapshots;
  private HistoryHandler handler;
  private long partner;

  @BeforeEach
  void setUp() {
    counted = Emulator.shared().newDynamoDbClient(counter);
    snapshots = new SnapshotStore(counted, DYNAMO.tableName(), new BatchWriter(counted, DYNAMO.tableName()));
    handler = new HistoryHandler(new PointsHistory(snapshots), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));
    partner = StoredFacts.newId();
  }

  @AfterEach
  void tearDown() {
    counted.close();
  }

  /** The partner's snapshot of {@code day}, with these clients' managed points. */
  private Snapshot snapshot(String day, Tier tier, Map<Long, String> clients, String sold) {
    Instant asOf = Instant.parse(day + "T02:00:00Z");
    TreeMap<Long, BigDecimal> managed = new TreeMap<>();
    clients.forEach((id, points) -> managed.put(id, new BigDecimal(points)));
    BigDecimal m = managed.values().stream().reduce(new BigDecimal("0.00"), BigDecimal::add);
    TreeMap<String, BigDecimal> deals = new TreeMap<>();
    if (!sold.equals("0.00")) {
      deals.put("deal-1", new BigDecimal(sold));
    }
    return new Snapshot(partner, LocalDate.parse(day), asOf, tier, m, new BigDecimal(sold),
        m.add(new BigDecimal(sold)), managed.size(), managed, deals);
  }

  static APIGatewayV2HTTPEvent get(String partnerId, Map<String, String> query, Map<String, String> claims) {
    APIGatewayV2HTTPEvent event = PointsRequests.get(partnerId, query, Map.of(), claims);
    event.setRouteKey("GET /partners/{partnerId}/history");
    event.setRawPath("/partners/" + partnerId + "/history");
    return event;
  }

  private APIGatewayV2HTTPResponse history(Map<String, String> query) {
    return handler.handleRequest(get(Long.toString(partner), query, partnerClaims(partner)), null);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> days(APIGatewayV2HTTPResponse response) throws Exception {
    assertEquals(200, response.getStatusCode(), response.getBody());
    return (List<Map<String, Object>>) JSON.std.mapFrom(response.getBody()).get("days");
  }

  @Test
  void theDaysOfTheRangeOldestFirstEachWithItsChangeSinceTheSnapshotBefore() throws Exception {
    snapshots.putAll(List.of(
        snapshot("2026-11-20", Tier.PROVIDER, Map.of(1L, "5.00", 2L, "3.00"), "0.00"),
        snapshot("2026-11-22", Tier.GOLD, Map.of(1L, "5.00", 3L, "8.00"), "25.00"),
        snapshot("2026-11-25", Tier.GOLD, Map.of(1L, "4.00", 3L, "8.00"), "25.00")));
    counter.clear();

    List<Map<String, Object>> days = days(history(Map.of("from", "2026-11-21", "to", "2026-11-28")));

    assertEquals(List.of("2026-11-22", "2026-11-25"), days.stream().map(d -> d.get("date")).toList(),
        "days without a snapshot are absent; the one before from is not listed");
    Map<String, Object> first = days.get(0);
    assertEquals(List.of("date", "tier", "points", "change", "clients"), List.copyOf(first.keySet()).subList(0, 5));
    assertEquals("GOLD", first.get("tier"));
    assertEquals(Map.of("managed", "13.00", "sold", "25.00", "total", "38.00"), first.get("points"));
    assertEquals(Map.of("newManaged", "8.00", "lostManaged", "3.00", "newSold", "25.00", "lostSold", "0.00"),
        first.get("change"), "compared with 2026-11-20, before the range");
    assertEquals(2, first.get("clients"));
    assertEquals("2026-11-22T02:00:00Z", first.get("asOf"));
    assertEquals(Map.of("newManaged", "0.00", "lostManaged", "1.00", "newSold", "0.00", "lostSold", "0.00"),
        days.get(1).get("change"));
    assertEquals(Map.of("Query", 2), counter.snapshot());
  }

  @Test
  void eachRequestWritesOneMeasurementOfItsRoute() throws Exception {
    snapshots.putAll(List.of(snapshot("2026-11-22", Tier.GOLD, Map.of(1L, "5.00"), "25.00")));
    List<String> emf = new ArrayList<>();
    HistoryHandler measured = new HistoryHandler(new PointsHistory(snapshots), Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofMinutes(2), new EmfMetrics("PartnerCredit/metrics-it", emf::add, Clock.systemUTC()));

    assertEquals(200, measured.handleRequest(get(Long.toString(partner), Map.of(), partnerClaims(partner)), null)
        .getStatusCode());
    assertEquals(403, measured.handleRequest(get(Long.toString(partner), Map.of(), partnerClaims(partner + 1)), null)
        .getStatusCode());

    assertEquals(2, emf.size(), emf.toString());
    Map<String, Object> ok = JSON.std.mapFrom(emf.get(0));
    assertEquals(List.of(), EmfSpec.violations(ok), ok.toString());
    assertEquals("GET /partners/{partnerId}/history", ok.get("Route"));
    assertEquals("ok", ok.get("outcome"));
    assertEquals(1, ok.get("Days"));
    assertTrue(ok.containsKey("DynamoDbRequests") && ok.containsKey("Latency"), ok.toString());
    assertEquals("forbidden", JSON.std.mapFrom(emf.get(1)).get("outcome"));
  }

  @Test
  void theDefaultIsTheLast90Days() throws Exception {
    snapshots.putAll(List.of(
        snapshot("2026-08-30", Tier.GOLD, Map.of(1L, "5.00"), "0.00"),
        snapshot("2026-08-31", Tier.GOLD, Map.of(1L, "5.00"), "0.00"),
        snapshot("2026-11-28", Tier.GOLD, Map.of(1L, "5.00"), "0.00")));

    List<Map<String, Object>> days = days(history(Map.of()));

    assertEquals(List.of("2026-08-31", "2026-11-28"), days.stream().map(d -> d.get("date")).toList());
    assertEquals(Map.of("newManaged", "0.00", "lostManaged", "0.00", "newSold", "0.00", "lostSold", "0.00"),
        days.get(0).get("change"), "the day before the range is still compared with");
  }

  @Test
  void aPartnerWithoutSnapshotsHasNoDays() throws Exception {
    APIGatewayV2HTTPResponse response = history(Map.of());

    assertEquals(List.of(), days(response));
    assertEquals(partner, ((Number) JSON.std.mapFrom(response.getBody()).get("partnerId")).longValue());
  }

  @Test
  void csvHasOneRowPerDay() throws Exception {
    snapshots.putAll(List.of(snapshot("2026-11-22", Tier.GOLD, Map.of(1L, "5.00"), "25.00")));

    APIGatewayV2HTTPResponse response = history(Map.of("format", "csv"));

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals(PointsHandler.CSV, response.getHeaders().get("content-type"));
    assertEquals("date,tier,managed,sold,total,newManaged,lostManaged,newSold,lostSold,clients,asOf\r\n"
        + "2026-11-22,GOLD,5.00,25.00,30.00,5.00,0.00,25.00,0.00,1,2026-11-22T02:00:00Z\r\n", response.getBody());
  }

  @Test
  void theBreakdownsAuthorizationAndValidationComeBeforeAnyRead() throws Exception {
    APIGatewayV2HTTPResponse other = handler.handleRequest(
        get(Long.toString(partner), Map.of(), partnerClaims(partner + 1)), null);
    APIGatewayV2HTTPResponse none = handler.handleRequest(get(Long.toString(partner), Map.of(), null), null);
    APIGatewayV2HTTPResponse admin = handler.handleRequest(get(Long.toString(partner), Map.of(), adminClaims()), null);
    counter.clear();
    APIGatewayV2HTTPResponse tooLong = history(Map.of("from", "2024-01-01", "to", "2026-01-01"));
    APIGatewayV2HTTPResponse notANumber = handler.handleRequest(get("acme", Map.of(), adminClaims()), null);

    assertEquals(403, other.getStatusCode());
    assertEquals(403, none.getStatusCode());
    assertEquals(200, admin.getStatusCode(), admin.getBody());
    assertEquals(400, tooLong.getStatusCode());
    assertTrue(JSON.std.mapFrom(tooLong.getBody()).get("message").toString().contains("at most 400"));
    assertEquals(400, notANumber.getStatusCode());
    assertEquals(0, counter.total(), "nothing is read for a 400");
  }
}
