package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partnercredit.domain.Tier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code change} between two snapshots: what the publisher's events and the history both say. */
class SnapshotChangeTest {
  private static final Instant AS_OF = Instant.parse("2026-10-02T02:00:00Z");

  private static Snapshot snapshot(Instant asOf, Map<Long, String> managed, Map<String, String> sold) {
    TreeMap<Long, BigDecimal> clients = new TreeMap<>();
    managed.forEach((k, v) -> clients.put(k, new BigDecimal(v)));
    TreeMap<String, BigDecimal> deals = new TreeMap<>();
    sold.forEach((k, v) -> deals.put(k, new BigDecimal(v)));
    BigDecimal m = clients.values().stream().reduce(new BigDecimal("0.00"), BigDecimal::add);
    BigDecimal s = deals.values().stream().reduce(new BigDecimal("0.00"), BigDecimal::add);
    return new Snapshot(1, Snapshot.dayOf(asOf), asOf, Tier.GOLD, m, s, m.add(s), clients.size(), clients, deals);
  }

  @Test
  void aGainedClientIsNewInFullALostOneLostInFullAndADecreaseIsLost() {
    Snapshot previous = snapshot(AS_OF.minusSeconds(86_400), Map.of(1L, "5.00", 2L, "3.00"), Map.of("d1", "2.50"));
    Snapshot current = snapshot(AS_OF, Map.of(1L, "4.00", 3L, "7.50"), Map.of("d1", "2.50", "d2", "1.25"));

    SnapshotChange change = current.changeSince(Optional.of(previous));

    assertEquals("7.50", SnapshotChange.decimal(change.newManaged()));
    assertEquals("4.00", SnapshotChange.decimal(change.lostManaged()));
    assertEquals("1.25", SnapshotChange.decimal(change.newSold()));
    assertEquals("0.00", SnapshotChange.decimal(change.lostSold()));
  }

  @Test
  void withoutAPreviousSnapshotEverythingIsNew() {
    Snapshot current = snapshot(AS_OF, Map.of(1L, "4.00"), Map.of("d1", "2.50"));

    SnapshotChange change = current.changeSince(Optional.empty());

    assertEquals(new SnapshotChange(new BigDecimal("4.00"), BigDecimal.ZERO, new BigDecimal("2.50"), BigDecimal.ZERO),
        change);
  }
}
