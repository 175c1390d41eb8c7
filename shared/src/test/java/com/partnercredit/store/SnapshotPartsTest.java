package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A snapshot of any size fits DynamoDB: past 64 KB its per-client and per-deal maps move to detail
 * parts (an oversized snapshot used to fail the whole publication).
 */
public class SnapshotPartsTest {
  private static final Instant AS_OF = Instant.parse("2026-11-28T02:00:00Z");

  /** A partner servicing {@code clients} clients with {@code deals} deals whose ids are 256 characters. */
  public static Snapshot huge(int clients, int deals) {
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
    Snapshot snapshot = huge(10, 2);

    assertEquals(1, snapshot.items().size());
    assertEquals(0, Snapshot.detailPartsOf(snapshot.item()));
  }
}
