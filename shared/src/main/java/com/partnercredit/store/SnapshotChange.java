package com.partnercredit.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two snapshots of a partner (docs/api.md sections 4 and 5, {@code change}):
 * the gross flows of managed points (per client) and sold points (per deal). For each client (or
 * deal) in either snapshot an increase of its points counts as new, a decrease as lost; a client
 * gained counts in full as new, one lost in full as lost. Sums of 2-decimal values, so exact.
 *
 * <p>The one home of this comparison: the publisher's {@code PartnerTierPoints} events and the
 * history route both use it, so they cannot disagree.
 */
public record SnapshotChange(BigDecimal newManaged, BigDecimal lostManaged, BigDecimal newSold, BigDecimal lostSold) {

  /** {@code current} against {@code previous}; with no previous snapshot everything is new. */
  public static SnapshotChange between(Snapshot current, Optional<Snapshot> previous) {
    SortedMap<Long, BigDecimal> noClients = new TreeMap<>();
    SortedMap<String, BigDecimal> noDeals = new TreeMap<>();
    BigDecimal[] managed = flows(current.managedByClient(), previous.map(Snapshot::managedByClient).orElse(noClients));
    BigDecimal[] sold = flows(current.soldByDeal(), previous.map(Snapshot::soldByDeal).orElse(noDeals));
    return new SnapshotChange(managed[0], managed[1], sold[0], sold[1]);
  }

  /** Gross flows between two maps of points: {new, lost}. */
  static <K> BigDecimal[] flows(Map<K, BigDecimal> now, Map<K, BigDecimal> before) {
    BigDecimal gained = BigDecimal.ZERO;
    BigDecimal lost = BigDecimal.ZERO;
    TreeSet<K> keys = new TreeSet<>(now.keySet());
    keys.addAll(before.keySet());
    for (K key : keys) {
      BigDecimal delta = now.getOrDefault(key, BigDecimal.ZERO).subtract(before.getOrDefault(key, BigDecimal.ZERO));
      if (delta.signum() > 0) {
        gained = gained.add(delta);
      } else {
        lost = lost.subtract(delta);
      }
    }
    return new BigDecimal[] {gained, lost};
  }

  /** A point value as the contract writes it: a decimal string with 2 decimals ("12.50"). */
  public static String decimal(BigDecimal value) {
    return value.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
  }
}
