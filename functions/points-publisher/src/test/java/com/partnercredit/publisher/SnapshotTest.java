package com.partnercredit.publisher;

import static com.partnercredit.domain.Scenario.d;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.Attr;
import com.partnercredit.store.Keys;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  private static final Instant AS_OF = d(20);

  /** Partner 1 servicing a USD and a JPY client, with a sourced deal. */
  private static Snapshot snapshot() {
    PartnerResult result = PartnerResult.of(new Scenario()
        .partner(1, "agency.com")
        .employeeAdded(1, 901, "alice@agency.com", d(0))
        .client(10, "USD", "1000.00", d(0))
        .client(20, "JPY", "120000", d(0))
        .userAdded(10, 11, "alice@agency.com", d(0))
        .userAdded(20, 21, "alice@agency.com", d(0))
        .activity(10, 11, d(1))
        .activity(20, 21, d(2))
        .dealSold(1, 10, "250.00", "USD", DealKind.SOURCED, d(3))
        .partner(1, AS_OF));
    return Snapshot.of(result, AS_OF);
  }

  @Test
  void aSnapshotReadBackFromItsItemIsTheSame() {
    Snapshot snapshot = snapshot();

    assertEquals(snapshot, Snapshot.from(snapshot.item()));
  }

  @Test
  void aSnapshotWithoutClientsOrDealsReadsBackTheSame() {
    Snapshot empty = new Snapshot(3, Snapshot.dayOf(AS_OF), AS_OF, com.partnercredit.domain.Tier.PROVIDER,
        new BigDecimal("0.00"), new BigDecimal("0.00"), new BigDecimal("0.00"), 0, new java.util.TreeMap<>(),
        new java.util.TreeMap<>());

    assertEquals(empty, Snapshot.from(empty.item()));
  }

  @Test
  void itHoldsThePartnersServicedClientsAndDeals() {
    Snapshot snapshot = snapshot();

    assertEquals(List.of(10L, 20L), List.copyOf(snapshot.managedByClient().keySet()));
    assertEquals(1, snapshot.soldByDeal().size());
    assertEquals(2, snapshot.servicedClients());
    assertEquals(snapshot.managed().add(snapshot.sold()), snapshot.total());
  }

  @Test
  void itsItemIsKeyedByPartnerAndUtcDay() {
    Snapshot snapshot = snapshot();

    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = snapshot.item();

    assertEquals(Keys.snapshots(1), item.get(Attr.PK).s());
    assertEquals(Keys.snapshotDay(Snapshot.dayOf(AS_OF)), item.get(Attr.SK).s());
  }

  /** A partner servicing {@code clients} clients with {@code deals} deals whose ids are 256 characters. */
  static Snapshot huge(int clients, int deals) {
    java.util.SortedMap<Long, BigDecimal> managed = new java.util.TreeMap<>();
    for (long c = 0; c < clients; c++) {
      managed.put(1_000_000_000L + c, new BigDecimal("12.34"));
    }
    java.util.SortedMap<String, BigDecimal> sold = new java.util.TreeMap<>();
    for (int d = 0; d < deals; d++) {
      sold.put(String.format("%0256d", d), new BigDecimal("50.00"));
    }
    return new Snapshot(1, Snapshot.dayOf(AS_OF), AS_OF, com.partnercredit.domain.Tier.GOLD,
        new BigDecimal("1234.00"), new BigDecimal("500.00"), new BigDecimal("1734.00"), clients, managed, sold);
  }

  /** DynamoDB's item size, counted as it does: attribute names and values, UTF-8, plus a little per entry. */
  static long itemBytes(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
    long bytes = 0;
    for (var e : item.entrySet()) {
      bytes += e.getKey().length() + valueBytes(e.getValue());
    }
    return bytes;
  }

  private static long valueBytes(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
    if (v.s() != null) {
      return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    if (v.n() != null) {
      return v.n().length();
    }
    if (v.hasM()) {
      long bytes = 3;
      for (var e : v.m().entrySet()) {
        bytes += 1 + e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + valueBytes(e.getValue());
      }
      return bytes;
    }
    return 1;
  }

  @Test
  void noItemOfAPartnerWithFiftyThousandClientsAndFiveHundredLongDealIdsNearsTheItemLimit() {
    Snapshot snapshot = huge(50_000, 500);

    List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items = snapshot.items();

    assertEquals(true, items.size() > 2, "the maps moved to detail parts: " + items.size());
    for (var item : items) {
      assertEquals(true, itemBytes(item) < 200 * 1024, "an item of " + itemBytes(item) + " bytes");
    }
    assertEquals(snapshot, Snapshot.from(items.get(0), items.subList(1, items.size())));
    assertEquals(items.size() - 1, Snapshot.detailPartsOf(items.get(0)));
  }

  @Test
  void aSmallSnapshotKeepsItsMapsInline() {
    Snapshot snapshot = snapshot();

    assertEquals(1, snapshot.items().size());
    assertEquals(0, Snapshot.detailPartsOf(snapshot.item()));
  }
}
