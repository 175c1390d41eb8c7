package com.partnercredit.log;

/**
 * What never reaches a log: email addresses. Any word holding an {@code @} (an address, or a
 * malformed one a sender put in an email field) is replaced by {@value #EMAIL}, wherever it appears
 * in a message, a reason or an exception's text. A word is a run of characters other than
 * whitespace and {@code " ' < > ( ) [ ] { } , ;}.
 *
 * <p>One pass over the text, linear in its length whatever it holds: a pattern such as
 * {@code [^sep]*@[^sep]*} retries from every character of a long run without an {@code @}, which
 * is quadratic, and log lines carry text a caller chose.
 */
public final class Redact {
  public static final String EMAIL = "<email>";

  private Redact() {}

  /** {@code text} with every word that holds an {@code @} replaced; null stays null. */
  public static String emails(String text) {
    if (text == null || text.indexOf('@') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int length = text.length();
    int i = 0;
    while (i < length) {
      if (separator(text.charAt(i))) {
        out.append(text.charAt(i++));
        continue;
      }
      int start = i;
      boolean hasAt = false;
      while (i < length && !separator(text.charAt(i))) {
        hasAt |= text.charAt(i) == '@';
        i++;
      }
      if (hasAt) {
        out.append(EMAIL);
      } else {
        out.append(text, start, i);
      }
    }
    return out.toString();
  }

  /** Whitespace as {@code \s} means it, and the punctuation that ends an address in a message. */
  private static boolean separator(char c) {
    return switch (c) {
      case ' ', '\t', '\n', '\u000B', '\f', '\r', '"', '\'', '<', '>', '(', ')', '[', ']', '{', '}', ',', ';' -> true;
      default -> false;
    };
  }
}
