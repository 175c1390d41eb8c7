package com.partnercredit.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact number of points (rulebook section 8: "points are exact decimals; a total is the exact
 * sum, rounded once to 2 decimals (half-even) for display"). Credit divided by a currency equivalent
 * need not be a finite decimal (750 / 88), so points are held as an exact fraction and rounded only by
 * {@link #rounded()}. Never a {@code double}.
 *
 * <p>Equality is by value ({@code 1/2} equals {@code 2/4}).
 */
public final class Points implements Comparable<Points> {

  public static final Points ZERO = new Points(BigInteger.ZERO, BigInteger.ONE);

  private final BigInteger numerator;
  private final BigInteger denominator; // > 0, not necessarily reduced

  private Points(BigInteger numerator, BigInteger denominator) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  public static Points of(BigDecimal value) {
    return value.scale() <= 0
        ? new Points(value.toBigIntegerExact(), BigInteger.ONE)
        : new Points(value.unscaledValue(), BigInteger.TEN.pow(value.scale()));
  }

  public static Points of(String value) {
    return of(new BigDecimal(value));
  }

  /** {@code money / equivalent × rate}: section 8's "points = credit / equivalent(currency) × rate". */
  public static Points forCredit(Money credit, BigDecimal equivalentOfUs100, BigDecimal rate) {
    if (equivalentOfUs100.signum() <= 0) {
      throw new IllegalArgumentException("a currency equivalent must be positive");
    }
    Points money = new Points(
        BigInteger.valueOf(credit.minorUnits()), BigInteger.TEN.pow(Money.digits(credit.currency())));
    return money.times(of(rate)).dividedBy(of(equivalentOfUs100));
  }

  public Points plus(Points other) {
    if (other.numerator.signum() == 0) {
      return this;
    }
    if (numerator.signum() == 0) {
      return other;
    }
    if (denominator.equals(other.denominator)) {
      return new Points(numerator.add(other.numerator), denominator);
    }
    BigInteger gcd = denominator.gcd(other.denominator);
    BigInteger mine = other.denominator.divide(gcd);
    BigInteger theirs = denominator.divide(gcd);
    return new Points(
        numerator.multiply(mine).add(other.numerator.multiply(theirs)), denominator.multiply(mine));
  }

  public Points minus(Points other) {
    return plus(other.negate());
  }

  public Points negate() {
    return new Points(numerator.negate(), denominator);
  }

  public Points times(Points other) {
    return new Points(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
  }

  public Points dividedBy(Points other) {
    if (other.numerator.signum() == 0) {
      throw new ArithmeticException("division by zero points");
    }
    BigInteger num = numerator.multiply(other.denominator);
    BigInteger den = denominator.multiply(other.numerator);
    return den.signum() < 0 ? new Points(num.negate(), den.negate()) : new Points(num, den);
  }

  /** The larger of this and zero. */
  public Points atLeastZero() {
    return numerator.signum() < 0 ? ZERO : this;
  }

  public int signum() {
    return numerator.signum();
  }

  /**
   * The exact value as a string, {@code "<numerator>/<denominator>"} in lowest terms ({@code "750/88"}
   * is {@code "375/44"}), or {@code "<integer>"} when whole: what a partial sum is stored as, so that
   * adding stored values gives the exact sum. {@link #ofExact} reads it back.
   */
  public String exact() {
    BigInteger gcd = numerator.gcd(denominator);
    if (gcd.signum() == 0) {
      return "0";
    }
    BigInteger num = numerator.divide(gcd);
    BigInteger den = denominator.divide(gcd);
    return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
  }

  /** The points of {@link #exact()}'s string ({@code "375/44"}, {@code "-3"}); a decimal ({@code "2.5"}) is read too. */
  public static Points ofExact(String exact) {
    int slash = exact.indexOf('/');
    if (slash < 0) {
      return of(exact);
    }
    BigInteger num = new BigInteger(exact.substring(0, slash));
    BigInteger den = new BigInteger(exact.substring(slash + 1));
    if (den.signum() <= 0) {
      throw new IllegalArgumentException("the denominator of exact points must be positive: " + exact);
    }
    return new Points(num, den);
  }

  /** Rounded once to 2 decimals, half-even: the displayed value ("8.52"). */
  public BigDecimal rounded() {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), 2, RoundingMode.HALF_EVEN);
  }

  @Override
  public int compareTo(Points other) {
    return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Points p && compareTo(p) == 0;
  }

  @Override
  public int hashCode() {
    BigInteger gcd = numerator.gcd(denominator);
    return gcd.signum() == 0 ? 0 : 31 * numerator.divide(gcd).hashCode() + denominator.divide(gcd).hashCode();
  }

  /** The displayed value, for example "10.00". */
  @Override
  public String toString() {
    return rounded().toPlainString();
  }
}
