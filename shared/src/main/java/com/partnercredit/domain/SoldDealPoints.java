package com.partnercredit.domain;

import java.time.Instant;

/**
 * A sold deal earning points at {@code asOf} (section 9), during {@code [soldAt, until)}.
 *
 * @param points 0 when the deal's currency had no US$100 equivalent at the time of sale
 * @param conversionRateMissing true in that case
 */
public record SoldDealPoints(
    String eventId, long clientId, DealKind kind, Money mrr, Instant soldAt, Instant until,
    Points points, boolean conversionRateMissing) {}
