package com.partnercredit.domain;

import static com.partnercredit.domain.Scenario.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edges the issue lists: a + 60 days, equal timestamps, zero MRR, no rate, JPY, a 3-way split. */
class BoundariesTest {

  static final long P1 = 111;
  static final long C1 = 222;

  static Scenario aliceOnClient(String currency, String mrr) {
    return new Scenario()
        .partner(P1, "agency.com")
        .client(C1, currency, mrr, d(0))
        .employeeAdded(P1, 901, "alice@agency.com", d(0))
        .userAdded(C1, 555, "alice@agency.com", d(1));
  }

  @Test
  void creditCountsOneMillisecondBeforeAPlus60DaysAndNotAtIt() {
    Instant a = d(2).plusMillis(123);
    Scenario s = aliceOnClient("USD", "1000.00").activity(C1, 555, a);
    Instant end = a.plus(Duration.ofDays(60));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, end.minusMillis(1)).status());
    assertEquals(CreditStatus.EXPIRED, s.credit(P1, C1, end).status());
    assertEquals("0.00", s.credit(P1, C1, end).managedCredit().toString());
    assertEquals(end, s.credit(P1, C1, a).creditUntil());
  }

  @Test
  void creditStartsAtTheActivitysOwnMillisecond() {
    Scenario s = aliceOnClient("USD", "1000.00").activity(C1, 555, d(2));

    assertEquals(CreditStatus.NO_QUALIFYING_ACTIVITY, s.credit(P1, C1, d(2).minusMillis(1)).status());
    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(2)).status());
  }

  @Test
  void projectionAtExactlyAPlus60DaysIsZero() {
    Scenario s = aliceOnClient("USD", "1000.00").activity(C1, 555, d(2));

    List<ProjectedPoints> projection = s.partner(P1, d(2)).projection();
    assertEquals(List.of("10.00", "0.00", "0.00"), projection.stream().map(p -> p.managed().toString()).toList());
  }

  @Test
  void activityAtTheSameMillisecondAsTheUserIsAddedCounts() {
    Scenario s = new Scenario()
        .partner(P1, "agency.com")
        .client(C1, "USD", "1000.00", d(0))
        .employeeAdded(P1, 901, "alice@agency.com", d(1))
        .userAdded(C1, 555, "alice@agency.com", d(1))
        .activity(C1, 555, d(1));

    assertEquals(d(61), s.credit(P1, C1, d(1)).creditUntil());
  }

  @Test
  void activityAtTheSameMillisecondAsTheUserIsDeactivatedCounts() {
    Scenario s = aliceOnClient("USD", "1000.00").activity(C1, 555, d(2)).userDeactivated(C1, 555, d(2));

    assertEquals(CreditStatus.SERVICED, s.credit(P1, C1, d(3)).status());
  }

  @Test
  void activityAtTheSameMillisecondAsTheLastEmployeeUserIsRemovedEndsWithIt() {
    Scenario s = aliceOnClient("USD", "1000.00").activity(C1, 555, d(2)).userRemoved(C1, 555, d(2));

    assertEquals(CreditStatus.ENDED, s.credit(P1, C1, d(2)).status());
  }

  @Test
  void unlinkAndActivityAtTheSameMillisecondTheActivityStillCounts() {
    Scenario s = aliceOnClient("USD", "1000.00").unlinked(P1, 901, C1, d(2)).activity(C1, 555, d(2));

    assertEquals(d(62), s.credit(P1, C1, d(3)).creditUntil());
  }

  @Test
  void zeroMrrIsServicedWithZeroCreditAndZeroPoints() {
    Scenario s = aliceOnClient("USD", "0.00").activity(C1, 555, d(2));

    ClientCredit c = s.credit(P1, C1, d(3));
    assertEquals(CreditStatus.SERVICED, c.status());
    assertEquals("0.00", c.managedCredit().toString());
    assertEquals("0.00", c.managedPoints().toString());
    ClientSplit split = s.at(d(3)).client(C1).orElseThrow();
    assertEquals(List.of(new ClientSplit.Share(P1, Money.of("0.00", "USD"))), split.shares());
  }

  @Test
  void aCurrencyWithoutARateGivesNoConversionRateAndZeroPointsButTheCredit() {
    Scenario s = aliceOnClient("CHF", "1000.00").activity(C1, 555, d(2));

    ClientCredit c = s.credit(P1, C1, d(3));
    assertEquals(CreditStatus.NO_CONVERSION_RATE, c.status());
    assertTrue(c.serviced());
    assertEquals("1000.00", c.managedCredit().toString());
    assertEquals(Points.ZERO, c.managedPoints());
    assertEquals(List.of("0.00", "0.00", "0.00"),
        s.partner(P1, d(3)).projection().stream().map(p -> p.managed().toString()).toList());
  }

  @Test
  void aJpyClientHasNoMinorUnit() {
    Scenario s = aliceOnClient("JPY", "14400").activity(C1, 555, d(2));

    ClientCredit c = s.credit(P1, C1, d(3));
    assertEquals("14400", c.managedCredit().toString());
    assertEquals(14400, c.managedCredit().minorUnits());
    assertEquals("1.00", c.managedPoints().toString()); // 14400 JPY = US$100 from 2025-07-15
  }

  @Test
  void aJpyAmountWithDecimalsIsRejected() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Money.of("1.5", "JPY"));
  }

  @Test
  void aThreeWayJpySplitGivesTheRemainderYenToTheLowestPartnerIds() {
    Scenario s = new Scenario().client(C1, "JPY", "10000", d(0));
    for (long p : new long[] {113, 111, 112}) {
      s.partner(p, "agency" + p + ".com")
          .employeeAdded(p, p * 10, "emp@agency" + p + ".com", d(0))
          .userAdded(C1, p * 100, "emp@agency" + p + ".com", d(1))
          .activity(C1, p * 100, d(2));
    }

    ClientSplit split = s.at(d(3)).client(C1).orElseThrow();
    assertEquals(List.of(3334L, 3333L, 3333L),
        split.shares().stream().map(x -> x.credit().minorUnits()).toList());
    assertEquals(List.of(111L, 112L, 113L), split.shares().stream().map(ClientSplit.Share::partnerId).toList());
  }

  @Test
  void aThreeWaySplitOfTwoCentsGivesOneCentToEachOfTheTwoLowestPartnerIds() {
    assertEquals(List.of(1L, 1L, 0L),
        java.util.Arrays.stream(Money.of("0.02", "USD").splitEvenly(3)).boxed().toList());
    assertEquals(List.of(33334L, 33333L, 33333L),
        java.util.Arrays.stream(Money.of("1000.00", "USD").splitEvenly(3)).boxed().toList());
  }
}
