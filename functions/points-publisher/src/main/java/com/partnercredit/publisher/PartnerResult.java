package com.partnercredit.publisher;

import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Points;
import com.partnercredit.domain.SoldDealPoints;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the publisher needs of one partner at {@code asOf}: its tier, exact points, counted
 * activities, serviced clients and deals earning sold points. The publisher builds it from the
 * partner's share of many client groups; {@link #of(PartnerBreakdown)} builds it from a
 * breakdown of the partner evaluated alone, and the two must be equal.
 *
 * @param serviced the clients the partner services, by clientId
 */
public record PartnerResult(
    long partnerId, Tier tier, Points managed, Points sold, long countedActivities,
    List<ServicedClient> serviced, List<SoldDealPoints> soldDeals) {

  /** A client the partner services: its exact managed points and when that credit ends. */
  public record ServicedClient(long clientId, Points managedPoints, Instant creditUntil) {}

  public PartnerResult {
    serviced = serviced.stream().sorted(Comparator.comparingLong(ServicedClient::clientId)).toList();
    soldDeals = List.copyOf(soldDeals);
  }

  public Points total() {
    return managed.plus(sold);
  }

  /**
   * The partner's snapshot of the UTC day of {@code asOf}: points rounded once (rulebook section 8),
   * each serviced client's and each deal's rounded points, for the next run's {@code change}.
   */
  public Snapshot snapshot(Instant asOf) {
    SortedMap<Long, BigDecimal> clients = new TreeMap<>();
    serviced.forEach(c -> clients.put(c.clientId(), c.managedPoints().rounded()));
    SortedMap<String, BigDecimal> deals = new TreeMap<>();
    for (SoldDealPoints deal : soldDeals) {
      deals.put(deal.eventId(), deal.points().rounded());
    }
    return new Snapshot(partnerId, Snapshot.dayOf(asOf), asOf, tier, managed.rounded(), sold.rounded(),
        total().rounded(), serviced.size(), clients, deals);
  }

  /** The same figures from a breakdown of the partner evaluated with all its facts. */
  public static PartnerResult of(PartnerBreakdown b) {
    return new PartnerResult(b.partnerId(), b.tier(), b.points().managed(), b.points().sold(),
        b.qualifyingActivities().count(), servicedIn(b), b.soldDeals());
  }

  static List<ServicedClient> servicedIn(PartnerBreakdown b) {
    return b.clients().stream()
        .filter(ClientCredit::serviced)
        .map(c -> new ServicedClient(c.clientId(), c.managedPoints(), c.creditUntil()))
        .toList();
  }
}
