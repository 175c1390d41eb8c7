package com.partnercredit.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * An exact amount of money in a currency's minor units (USD cents, JPY yen): rulebook section 7,
 * "money is exact". Never a {@code double}.
 */
public record Money(long minorUnits, Currency currency) {

  public Money {
    Check.required(currency, "currency");
  }

  /**
   * {@code amount} in {@code currency}; throws {@link IllegalArgumentException} when the amount has
   * more decimals than the currency has (for example "1.5" JPY).
   */
  public static Money of(BigDecimal amount, Currency currency) {
    Check.required(amount, "amount");
    Check.required(currency, "currency");
    try {
      return new Money(
          amount.setScale(digits(currency), RoundingMode.UNNECESSARY).unscaledValue().longValueExact(),
          currency);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          amount.toPlainString() + " is not an exact amount of " + currency.getCurrencyCode(), e);
    }
  }

  /** For example {@code Money.of("1000.00", "USD")}. */
  public static Money of(String amount, String currencyCode) {
    return of(new BigDecimal(amount), Currency.getInstance(currencyCode));
  }

  public static Money zero(Currency currency) {
    return new Money(0, currency);
  }

  /** Minor-unit digits of the currency (2 for USD, 0 for JPY; 0 for currencies without minor units). */
  public static int digits(Currency currency) {
    return Math.max(0, currency.getDefaultFractionDigits());
  }

  public BigDecimal amount() {
    return BigDecimal.valueOf(minorUnits, digits(currency));
  }

  /**
   * The split of section 7: {@code parts} shares in exact minor units; the remainder goes one unit
   * each to the first shares (callers order the partners by ascending {@code partnerId}), so the
   * shares always add up to this amount exactly: 1000.00 / 3 = 333.34 + 333.33 + 333.33.
   */
  public long[] splitEvenly(int parts) {
    if (parts <= 0) {
      throw new IllegalArgumentException("parts must be positive");
    }
    long base = minorUnits / parts;
    long remainder = minorUnits % parts;
    long[] shares = new long[parts];
    for (int i = 0; i < parts; i++) {
      shares[i] = base + (i < remainder ? 1 : 0);
    }
    return shares;
  }

  /** The amount as a plain decimal string with the currency's digits: "1000.00", "5000" for JPY. */
  @Override
  public String toString() {
    return amount().toPlainString();
  }
}
