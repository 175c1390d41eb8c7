package com.partnercredit.domain;

/** A partner's managed, sold and total points: exact sums, {@code rounded()} once for display. */
public record PointTotals(Points managed, Points sold, Points total) {

  public static PointTotals of(Points managed, Points sold) {
    return new PointTotals(managed, sold, managed.plus(sold));
  }
}
