package com.partnercredit.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What counts as US$100 in each currency, in force from {@code effectiveFrom} (section 8,
 * configurable). A currency missing from the table in force has no equivalent: its clients show 0
 * points and the reason ({@link CreditStatus#NO_CONVERSION_RATE}); nothing else fails.
 */
public record CurrencyEquivalents(Instant effectiveFrom, Map<String, BigDecimal> us100) {

  public CurrencyEquivalents {
    Check.required(effectiveFrom, "effectiveFrom");
    us100 = Map.copyOf(new TreeMap<>(Check.required(us100, "us100")));
    us100.forEach((code, amount) -> {
      Currency.getInstance(code); // rejects unknown codes
      if (amount.signum() <= 0) {
        throw new IllegalArgumentException("equivalent of US$100 in " + code + " must be positive");
      }
    });
  }

  public Optional<BigDecimal> of(Currency currency) {
    return Optional.ofNullable(us100.get(currency.getCurrencyCode()));
  }
}
