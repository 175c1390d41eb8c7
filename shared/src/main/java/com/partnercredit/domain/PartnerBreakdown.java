package com.partnercredit.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the Points Breakdown shows for one partner at {@code asOf} (docs/api.md section 4).
 *
 * @param nextTier null at the highest tier of the policy
 * @param tierThresholdsAreExamples true while the tier policy in force holds the shipped examples
 * @param clients one row per client any employee of the partner is or was assigned to, or whose
 *     qualifying activity by an employee did not count, by clientId
 * @param soldDeals deals earning sold points at {@code asOf}, by time of sale
 * @param projection managed points at +30, +60 and +90 days with no new activity
 */
public record PartnerBreakdown(
    long partnerId, String name, boolean growthMarket, Instant asOf, Tier tier, NextTier nextTier,
    boolean tierThresholdsAreExamples, PointTotals points,
    QualifyingActivities qualifyingActivities, List<ClientCredit> clients,
    List<SoldDealPoints> soldDeals, List<ProjectedPoints> projection) {

  public PartnerBreakdown {
    clients = List.copyOf(clients);
    soldDeals = List.copyOf(soldDeals);
    projection = List.copyOf(projection);
  }

  public Optional<NextTier> next() {
    return Optional.ofNullable(nextTier);
  }

  /** The number of clients the partner services at {@code asOf}. */
  public long servicedClients() {
    return clients.stream().filter(ClientCredit::serviced).count();
  }
}
