package com.partnercredit.hubspot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.OptionalLong;

/** JSON numbers as the webhook parser gives them (Integer, Long, BigInteger, BigDecimal). */
final class JsonNumbers {
  private JsonNumbers() {}

  /** The value as a long when it is a whole number that fits one ({@code 111}, {@code 111.0}); else empty. */
  static OptionalLong wholeNumber(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return OptionalLong.of(((Number) value).longValue());
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return OptionalLong.of(big.longValue());
    }
    if (value instanceof BigDecimal decimal) {
      try {
        return OptionalLong.of(decimal.longValueExact());
      } catch (ArithmeticException notWhole) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }
}
