package com.partnercredit.publisher;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The events of one partner (contracts.md section 5), built only from its result, its snapshot and
 * the previous snapshot, so that a re-run of the same time builds the same events.
 */
final class PublishedEvents {
  /** A serviced client's credit "ends within 7 days" when {@code creditUntil <= asOf + 7 days}. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(7);

  private PublishedEvents() {}

  /** {@code PartnerTierPoints}, then one {@code ManagedCreditExpiring} per expiring client by clientId. */
  static List<PublishedEvent> of(PartnerResult result, Snapshot current, Optional<Snapshot> previous) {
    List<PublishedEvent> events = new ArrayList<>();
    events.add(tierPoints(current, previous));
    Instant asOf = current.asOf();
    Instant horizon = asOf.plus(EXPIRY_WARNING);
    for (PartnerResult.ServicedClient client : result.serviced()) {
      if (client.creditUntil() != null && !client.creditUntil().isAfter(horizon)) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("partnerId", result.partnerId());
        detail.put("clientId", client.clientId());
        detail.put("creditUntil", client.creditUntil().toString());
        detail.put("managedPoints", decimal(client.managedPoints().rounded()));
        detail.put("asOf", asOf.toString());
        events.add(new PublishedEvent(PublishedEvent.MANAGED_CREDIT_EXPIRING, detail));
      }
    }
    return events;
  }

  static PublishedEvent tierPoints(Snapshot current, Optional<Snapshot> previous) {
    Map<String, Object> points = new LinkedHashMap<>();
    points.put("managed", decimal(current.managed()));
    points.put("sold", decimal(current.sold()));
    points.put("total", decimal(current.total()));
    SortedMap<Long, BigDecimal> noClients = new java.util.TreeMap<>();
    SortedMap<String, BigDecimal> noDeals = new java.util.TreeMap<>();
    BigDecimal[] managed = flows(current.managedByClient(), previous.map(Snapshot::managedByClient).orElse(noClients));
    BigDecimal[] sold = flows(current.soldByDeal(), previous.map(Snapshot::soldByDeal).orElse(noDeals));
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("newManaged", decimal(managed[0]));
    change.put("lostManaged", decimal(managed[1]));
    change.put("newSold", decimal(sold[0]));
    change.put("lostSold", decimal(sold[1]));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("partnerId", current.partnerId());
    detail.put("asOf", current.asOf().toString());
    detail.put("tier", current.tier().name());
    detail.put("previousTier", previous.map(p -> p.tier().name()).orElse(null));
    detail.put("points", points);
    detail.put("change", change);
    detail.put("clients", current.servicedClients());
    return new PublishedEvent(PublishedEvent.PARTNER_TIER_POINTS, detail);
  }

  /**
   * Gross flows between two snapshots: {new, lost}. For each client (or deal) in either, an increase
   * of its points counts as new, a decrease as lost; a client gained counts in full as new, one lost
   * in full as lost. Sums of 2-decimal values, so exact.
   */
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

  private static String decimal(BigDecimal value) {
    return value.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
  }
}
