package com.partnercredit.publisher;

import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotChange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of one partner (docs/api.md section 5), built only from its result, its snapshot and
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
    SnapshotChange flows = current.changeSince(previous);
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("newManaged", decimal(flows.newManaged()));
    change.put("lostManaged", decimal(flows.lostManaged()));
    change.put("newSold", decimal(flows.newSold()));
    change.put("lostSold", decimal(flows.lostSold()));
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

  private static String decimal(BigDecimal value) {
    return SnapshotChange.decimal(value);
  }
}
