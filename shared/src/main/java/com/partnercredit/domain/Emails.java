package com.partnercredit.domain;

import java.util.Locale;

/**
 * "A partner employee and a client user are the same user when their email addresses are equal
 * (case-insensitive, trimmed)" (rulebook section 1). Facts store emails already normalized, so equal
 * emails are equal strings.
 */
public final class Emails {
  private Emails() {}

  /** Trimmed and lower-cased. */
  public static String normalize(String email) {
    if (email == null || email.isBlank()) {
      throw new IllegalArgumentException("email is required");
    }
    return email.trim().toLowerCase(Locale.ROOT);
  }

  /** The part after the last {@code @} of a normalized email, or "" when there is none. */
  public static String domainOf(String normalizedEmail) {
    int at = normalizedEmail.lastIndexOf('@');
    return at < 0 ? "" : normalizedEmail.substring(at + 1);
  }
}
