package com.partnercredit.publisher;

import static com.partnercredit.domain.Scenario.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Points;
import com.partnercredit.domain.Scenario;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.Snapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PublishedEventsTest {
  private static final Instant AS_OF = Instant.parse("2026-06-01T10:00:00Z");

  private static Snapshot snapshot(Instant asOf, Tier tier, Map<Long, String> managedByClient, Map<String, String> soldByDeal) {
    TreeMap<Long, BigDecimal> clients = new TreeMap<>();
    managedByClient.forEach((k, v) -> clients.put(k, new BigDecimal(v)));
    TreeMap<String, BigDecimal> deals = new TreeMap<>();
    soldByDeal.forEach((k, v) -> deals.put(k, new BigDecimal(v)));
    BigDecimal managed = clients.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal sold = deals.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Snapshot(7, Snapshot.dayOf(asOf), asOf, tier, managed, sold, managed.add(sold), clients.size(),
        clients, deals);
  }

  private static PartnerResult serviced(PartnerResult.ServicedClient... clients) {
    return new PartnerResult(7, Tier.GOLD, Points.of("10.00"), Points.ZERO, 1, List.of(clients), List.of());
  }

  private static PartnerResult.ServicedClient client(long clientId, Instant creditUntil) {
    return new PartnerResult.ServicedClient(clientId, Points.of("5.25"), creditUntil);
  }

  @Test
  void partnerTierPointsHasTheContractsFieldsInOrder() {
    Snapshot current = snapshot(AS_OF, Tier.GOLD, Map.of(1L, "5.00"), Map.of("deal-1", "2.50"));

    PublishedEvent event = PublishedEvents.tierPoints(current, Optional.empty());

    assertEquals(PublishedEvent.PARTNER_TIER_POINTS, event.detailType());
    assertEquals(List.of("partnerId", "asOf", "tier", "previousTier", "points", "change", "clients"),
        List.copyOf(event.detail().keySet()));
    assertEquals(7L, event.detail().get("partnerId"));
    assertEquals(AS_OF.toString(), event.detail().get("asOf"));
    assertEquals("GOLD", event.detail().get("tier"));
    assertEquals(Map.of("managed", "5.00", "sold", "2.50", "total", "7.50"), event.detail().get("points"));
    assertEquals(1, event.detail().get("clients"));
  }

  @Test
  void aFirstPublicationHasANullPreviousTierAndCountsEverythingAsNew() {
    Snapshot current = snapshot(AS_OF, Tier.GOLD, Map.of(1L, "5.00", 2L, "3.00"), Map.of("deal-1", "2.50"));

    PublishedEvent event = PublishedEvents.tierPoints(current, Optional.empty());

    assertTrue(event.detail().containsKey("previousTier"));
    assertNull(event.detail().get("previousTier"));
    assertTrue(event.detailJson().contains("\"previousTier\":null"), event.detailJson());
    assertEquals(Map.of("newManaged", "8.00", "lostManaged", "0.00", "newSold", "2.50", "lostSold", "0.00"),
        event.detail().get("change"));
  }

  @Test
  void changeIsTheGrossFlowsSinceThePreviousSnapshot() {
    Snapshot previous = snapshot(AS_OF.minus(Duration.ofDays(1)), Tier.PROVIDER,
        Map.of(1L, "5.00", 2L, "3.00"), Map.of("deal-1", "2.50", "deal-2", "1.00"));
    Snapshot current = snapshot(AS_OF, Tier.GOLD,
        Map.of(1L, "2.50", 3L, "20.00"), Map.of("deal-1", "2.50", "deal-3", "4.00"));

    PublishedEvent event = PublishedEvents.tierPoints(current, Optional.of(previous));

    assertEquals("PROVIDER", event.detail().get("previousTier"));
    // client 1 lost 2.50, client 2 lost in full (3.00), client 3 new (20.00); deal 2 ended, deal 3 new
    assertEquals(Map.of("newManaged", "20.00", "lostManaged", "5.50", "newSold", "4.00", "lostSold", "1.00"),
        event.detail().get("change"));
  }

  @Test
  void creditEndingWithinSevenDaysIsWarnedAboutInclusively() {
    Snapshot current = snapshot(AS_OF, Tier.GOLD, Map.of(), Map.of());
    PartnerResult result = serviced(
        client(4, AS_OF.plus(Duration.ofDays(30))),
        client(3, AS_OF.plus(Duration.ofDays(7)).plusMillis(1)),
        client(2, AS_OF.plus(Duration.ofDays(7))),
        client(1, AS_OF.plus(Duration.ofDays(1))),
        client(5, null));

    List<PublishedEvent> events = PublishedEvents.of(result, current, Optional.empty());

    assertEquals(PublishedEvent.PARTNER_TIER_POINTS, events.get(0).detailType());
    List<PublishedEvent> expiring = events.subList(1, events.size());
    assertEquals(List.of(1L, 2L), expiring.stream().map(e -> e.detail().get("clientId")).toList(),
        "by clientId, up to asOf + 7 days exactly");
    assertTrue(expiring.stream().allMatch(e -> e.detailType().equals(PublishedEvent.MANAGED_CREDIT_EXPIRING)));
    assertEquals(Map.of("partnerId", 7L, "clientId", 2L, "creditUntil", AS_OF.plus(Duration.ofDays(7)).toString(),
        "managedPoints", "5.25", "asOf", AS_OF.toString()), expiring.get(1).detail());
  }

  @Test
  void onlyServicedClientsAreWarnedAbout() {
    // Both clients' credit would end at D60; the partner stops servicing client 20 at D50.
    Instant asOf = d(55);
    PartnerResult result = PartnerResult.of(new Scenario()
        .partner(1, "agency.com")
        .employeeAdded(1, 901, "alice@agency.com", d(0))
        .client(10, "USD", "1000.00", d(0))
        .client(20, "USD", "1000.00", d(0))
        .userAdded(10, 11, "alice@agency.com", d(0))
        .userAdded(20, 21, "alice@agency.com", d(0))
        .activity(10, 11, d(0))
        .activity(20, 21, d(0))
        .userRemoved(20, 21, d(50))
        .partner(1, asOf));

    List<PublishedEvent> events = PublishedEvents.of(result, result.snapshot(asOf), Optional.empty());

    assertEquals(List.of(10L), events.subList(1, events.size()).stream().map(e -> e.detail().get("clientId")).toList());
  }

  @Test
  void aSnapshotsDayIsItsUtcDay() {
    assertEquals(LocalDate.of(2026, 6, 2), Snapshot.dayOf(Instant.parse("2026-06-01T23:30:00-01:00")));
  }
}
