package com.partnercredit.domain;

/**
 * A partner's headline figures at an instant, as its Points Breakdown shows them: the program view's
 * row ({@link CreditEngine#figures}).
 *
 * @param nextTier null at the top tier
 * @param clientsServiced clients with status SERVICED or NO_CONVERSION_RATE
 */
public record PartnerFigures(
    long partnerId, String name, Tier tier, NextTier nextTier, PointTotals points, int clientsServiced) {

  /** The same figures, read off a breakdown. */
  public static PartnerFigures of(PartnerBreakdown breakdown) {
    return new PartnerFigures(breakdown.partnerId(), breakdown.name(), breakdown.tier(), breakdown.nextTier(),
        breakdown.points(), Math.toIntExact(breakdown.servicedClients()));
  }
}
