package com.partnercredit.hubspot;

import java.time.Duration;
import java.time.Instant;

/**
 * The per-event limits of both webhook routes (docs/api.md section 6), checked when an event is
 * parsed, before anything is stored: so no stored item comes near DynamoDB's limits (400 KB an
 * item, 1,024 bytes a sort key), and no value makes the parse itself slow. A reason never echoes
 * more than {@value #ECHOED_CHARACTERS} characters of a value ({@link #echo}).
 */
public final class Limits {
  /** {@code eventId}: at most this many characters. */
  public static final int EVENT_ID = 256;
  /** Emails: at most this many characters (RFC 5321's path limit). */
  public static final int EMAIL = 254;
  /** Names and domains: at most this many characters. */
  public static final int NAME = 256;
  /** Any other stored string ({@code changeSource}, {@code subscriptionType}, {@code sourceId}, ...). */
  public static final int TEXT = 256;
  /** Money: at most this many significant digits (so it always fits a long in minor units). */
  public static final int MONEY_DIGITS = 18;
  /** Money: at most this many characters, leading zeros and sign included, checked before anything else. */
  public static final int MONEY_CHARACTERS = 64;
  /** {@code occurredAt}: not before this instant. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  /** {@code occurredAt}: not later than this after now. */
  public static final Duration AHEAD = Duration.ofDays(1);
  /** How much of a value a reason may quote. */
  public static final int ECHOED_CHARACTERS = 200;

  private Limits() {}

  /** At most {@value #ECHOED_CHARACTERS} characters of {@code value}, saying how long it was when cut. */
  public static String echo(Object value) {
    String text = String.valueOf(value);
    if (text.length() <= ECHOED_CHARACTERS) {
      return text;
    }
    int end = ECHOED_CHARACTERS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never cut a character in two
    }
    return text.substring(0, end) + "... (" + text.length() + " characters)";
  }

  /** The reason for a string longer than {@code limit}: names the field and the limit. */
  static String tooLong(String field, String value, int limit) {
    return field + " must be at most " + limit + " characters (got " + value.length() + ")";
  }

  /** Null when {@code epochMillis} is inside [2000-01-01, now + 1 day]; else the reason. */
  static String outsideTimeWindow(String field, long epochMillis, Instant now) {
    long latest = now.plus(AHEAD).toEpochMilli();
    if (epochMillis < EARLIEST.toEpochMilli() || epochMillis > latest) {
      return field + " " + epochMillis + " must be epoch milliseconds between 2000-01-01T00:00:00Z and "
          + "1 day after now (" + Instant.ofEpochMilli(latest) + ")";
    }
    return null;
  }

  /**
   * Null when {@code text} is a decimal string of at most {@value #MONEY_DIGITS} significant digits
   * and {@value #MONEY_CHARACTERS} characters; else the reason. Linear in the text: no BigDecimal.
   */
  static String moneyTooLong(String field, String text) {
    if (text.length() > MONEY_CHARACTERS) {
      return field + " must be at most " + MONEY_CHARACTERS + " characters and " + MONEY_DIGITS
          + " significant digits (got " + text.length() + " characters)";
    }
    int first = -1;
    int last = -1;
    int point = text.indexOf('.');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '1' && c <= '9') {
        if (first < 0) {
          first = i;
        }
        last = i;
      } else if (c == '0' && (point < 0 || i < point) && first >= 0) {
        last = i; // a zero of the integer part after the first digit counts
      }
    }
    if (first < 0) {
      return null; // zero
    }
    int significant = 0;
    for (int i = first; i <= last; i++) {
      if (Character.isDigit(text.charAt(i))) {
        significant++;
      }
    }
    if (significant > MONEY_DIGITS) {
      return field + " must have at most " + MONEY_DIGITS + " significant digits (got " + significant + ")";
    }
    return null;
  }
}
