package com.partnercredit.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Points per US$100 of MRR in force from {@code effectiveFrom} (section 8, configurable): managed,
 * sold sourced and sold assisted, and the same three for growth-market partners.
 */
public record PointRates(
    Instant effectiveFrom,
    BigDecimal managed, BigDecimal soldSourced, BigDecimal soldAssisted,
    BigDecimal growthMarketManaged, BigDecimal growthMarketSoldSourced,
    BigDecimal growthMarketSoldAssisted) {

  public PointRates {
    Check.required(effectiveFrom, "effectiveFrom");
    Check.required(managed, "managed");
    Check.required(soldSourced, "soldSourced");
    Check.required(soldAssisted, "soldAssisted");
    Check.required(growthMarketManaged, "growthMarketManaged");
    Check.required(growthMarketSoldSourced, "growthMarketSoldSourced");
    Check.required(growthMarketSoldAssisted, "growthMarketSoldAssisted");
  }

  public BigDecimal managed(boolean growthMarket) {
    return growthMarket ? growthMarketManaged : managed;
  }

  public BigDecimal sold(DealKind kind, boolean growthMarket) {
    return switch (kind) {
      case SOURCED -> growthMarket ? growthMarketSoldSourced : soldSourced;
      case ASSISTED -> growthMarket ? growthMarketSoldAssisted : soldAssisted;
    };
  }
}
