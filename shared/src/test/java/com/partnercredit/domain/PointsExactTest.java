package com.partnercredit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/**
 * Exact points as a string (section 8: "points are exact decimals; a total is the exact sum"): what
 * the publisher stores its partial sums as, so that sums added up from stored parts are exactly the
 * sum, never a rounded or binary approximation.
 */
class PointsExactTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  @Test
  void aValueThatIsNoFiniteDecimalIsWrittenAsAFractionInLowestTermsAndReadBackExactly() {
    Points p = Points.forCredit(new Money(75_000, EUR), new BigDecimal("88"), new BigDecimal("1.0")); // 750 / 88

    assertEquals("375/44", p.exact());
    assertEquals(p, Points.ofExact(p.exact()));
    assertEquals(new BigDecimal("8.52"), Points.ofExact(p.exact()).rounded());
  }

  @Test
  void wholeAndZeroValuesAreWrittenAsIntegers() {
    assertEquals("0", Points.ZERO.exact());
    assertEquals("25", Points.of("25.00").exact());
    assertEquals("-3", Points.of("-3").exact());
    assertEquals("1/4", Points.of("0.25").exact());
    assertEquals(Points.of("2.5"), Points.ofExact("2.5"), "a decimal string reads too");
  }

  @Test
  void storedPartsAddUpToExactlyTheSumWhereRoundedPartsWouldNot() {
    Points third = Points.forCredit(new Money(10_000, EUR), new BigDecimal("300"), new BigDecimal("1.0")); // 1/3
    Points sumOfStored = Points.ZERO;
    BigDecimal sumOfRounded = BigDecimal.ZERO;
    for (int shard = 0; shard < 3; shard++) {
      sumOfStored = sumOfStored.plus(Points.ofExact(third.exact()));
      sumOfRounded = sumOfRounded.add(third.rounded());
    }

    assertEquals(Points.of("1"), sumOfStored);
    assertEquals(new BigDecimal("1.00"), sumOfStored.rounded());
    assertNotEquals(sumOfStored.rounded(), sumOfRounded, "0.33 * 3 = 0.99: why parts are stored exact");
  }

  @Test
  void aZeroOrNegativeDenominatorIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Points.ofExact("1/0"));
    assertThrows(IllegalArgumentException.class, () -> Points.ofExact("1/-2"));
  }
}
