package com.partnercredit.log;

import java.util.regex.Pattern;

/**
 * What never reaches a log: email addresses. Any word holding an {@code @} (an address, or a
 * malformed one a sender put in an email field) is replaced by {@value #EMAIL}, wherever it appears
 * in a message, a reason or an exception's text.
 */
public final class Redact {
  public static final String EMAIL = "<email>";

  private static final Pattern WORD_WITH_AT = Pattern.compile("[^\\s\"'<>()\\[\\]{},;]*@[^\\s\"'<>()\\[\\]{},;]*");

  private Redact() {}

  /** {@code text} with every word that holds an {@code @} replaced; null stays null. */
  public static String emails(String text) {
    if (text == null || text.indexOf('@') < 0) {
      return text;
    }
    return WORD_WITH_AT.matcher(text).replaceAll(EMAIL);
  }
}
