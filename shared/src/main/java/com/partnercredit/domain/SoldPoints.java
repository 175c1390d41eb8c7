package com.partnercredit.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 9: a {@link DealSold} earns sold points for 12 calendar months from its time (UTC calendar;
 * a sale on 29 February runs until 28 February), at the sold rate in force at the time of the sale.
 *
 * <p>Where the rulebook is silent: the currency equivalent and the partner's growth-market flag are
 * also those in force at the time of the sale, so a deal's points do not change during its 12 months.
 * A deal whose currency had no equivalent then earns 0 points and says so.
 */
final class SoldPoints {
  private SoldPoints() {}

  static Instant until(Instant soldAt) {
    return soldAt.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant();
  }

  /** The partner's deals earning points at {@code asOf}, by time of sale. */
  static List<SoldDealPoints> earningAt(Facts.PartnerFacts partner, long asOf, RuleTables rules) {
    List<DealSold> deals = new ArrayList<>(partner.deals);
    FactOrder.sortDistinct(deals);
    List<SoldDealPoints> earning = new ArrayList<>();
    for (DealSold deal : deals) {
      long soldAt = deal.occurredAt().toEpochMilli();
      Instant until = until(deal.occurredAt());
      if (soldAt > asOf || asOf >= until.toEpochMilli()) {
        continue;
      }
      PartnerRegistered registration = partner.registrationAt(soldAt);
      boolean growthMarket = registration != null && registration.growthMarket();
      PointRates rates = rules.pointRates().inForceAtMillis(soldAt);
      CurrencyEquivalents equivalents = rules.currencyEquivalents().inForceAtMillis(soldAt);
      BigDecimal us100 = equivalents == null ? null : equivalents.of(deal.mrr().currency()).orElse(null);
      boolean missing = us100 == null || rates == null;
      Points points = missing
          ? Points.ZERO
          : Points.forCredit(deal.mrr(), us100, rates.sold(deal.kind(), growthMarket));
      earning.add(new SoldDealPoints(deal.eventId(), deal.clientId(), deal.kind(), deal.mrr(),
          deal.occurredAt(), until, points, missing));
    }
    return earning;
  }
}
