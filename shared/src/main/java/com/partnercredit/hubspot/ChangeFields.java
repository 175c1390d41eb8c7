package com.partnercredit.hubspot;

import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads the typed fields of one JSON object of {@code POST /webhooks/assignments} (docs/api.md
 * section 3), each failure an {@link ChangeEvent.Invalid} whose reason names the field: a missing
 * field, a wrong type, an email that is not an address, a currency that is not ISO 4217, money
 * with more decimals than its currency or below zero, an unknown deal kind.
 */
final class ChangeFields {
  /** One {@code @}, something on each side, a dot in the domain, no whitespace. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final Pattern DOMAIN = Pattern.compile("[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  /** At most this many domains in one {@code domains} array, so no item nears DynamoDB's 400 KB. */
  static final int MAX_DOMAINS = 100;

  private final Map<String, Object> json;
  private final String prefix;
  private final Instant now;

  /**
   * @param prefix how the object's fields are named in reasons: "" or for example "actor."
   * @param now the instant {@code occurredAt} may be at most a day after (docs/api.md section 6)
   */
  ChangeFields(Map<String, Object> json, String prefix, Instant now) {
    this.json = json;
    this.prefix = prefix;
    this.now = now;
  }

  boolean has(String field) {
    return json.get(field) != null;
  }

  Object raw(String field) {
    return json.get(field);
  }

  /** A positive integer id (contracts: ids are JSON integers). */
  long id(String field) throws ChangeEvent.Invalid {
    long value = integer(field);
    if (value <= 0) {
      throw invalid(name(field) + " must be a positive integer");
    }
    return value;
  }

  /** Epoch milliseconds between 2000-01-01 and a day after now (docs/api.md section 6). */
  Instant epochMillis(String field) throws ChangeEvent.Invalid {
    long value = integer(field);
    String outside = Limits.outsideTimeWindow(name(field), value, now);
    if (outside != null) {
      throw invalid(outside);
    }
    return Instant.ofEpochMilli(value);
  }

  /** A non-blank string of at most {@link Limits#TEXT} characters (names, ids, codes). */
  String text(String field) throws ChangeEvent.Invalid {
    return text(field, Limits.TEXT);
  }

  /** A non-blank string of at most {@code limit} characters, trimmed. */
  String text(String field, int limit) throws ChangeEvent.Invalid {
    if (!(required(field) instanceof String text)) {
      throw invalid(name(field) + " must be a string");
    }
    if (text.length() > limit) {
      throw invalid(Limits.tooLong(name(field), text, limit));
    }
    if (text.isBlank()) {
      throw invalid(name(field) + " must not be blank");
    }
    return text.trim();
  }

  String email(String field) throws ChangeEvent.Invalid {
    String email = text(field, Limits.EMAIL);
    if (!EMAIL.matcher(email).matches()) {
      throw invalid(name(field) + " '" + Limits.echo(email) + "' is not an email address");
    }
    return email;
  }

  boolean bool(String field) throws ChangeEvent.Invalid {
    if (!(required(field) instanceof Boolean flag)) {
      throw invalid(name(field) + " must be true or false");
    }
    return flag;
  }

  /** A non-empty array of email domains such as "agency.com". */
  List<String> domains(String field) throws ChangeEvent.Invalid {
    if (!(required(field) instanceof List<?> list) || list.isEmpty()) {
      throw invalid(name(field) + " must be a non-empty array of domains");
    }
    if (list.size() > MAX_DOMAINS) {
      throw invalid(name(field) + " must hold at most " + MAX_DOMAINS + " domains (got " + list.size() + ")");
    }
    List<String> domains = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof String tooLong && tooLong.length() > Limits.NAME) {
        throw invalid(Limits.tooLong(name(field) + "[" + i + "]", tooLong, Limits.NAME));
      }
      if (!(list.get(i) instanceof String domain) || !DOMAIN.matcher(domain.trim()).matches()) {
        throw invalid(name(field) + "[" + i + "] '" + Limits.echo(list.get(i)) + "' is not a domain such as agency.com");
      }
      domains.add(domain.trim());
    }
    return domains;
  }

  Currency currency(String field) throws ChangeEvent.Invalid {
    String code = text(field);
    if (ISO_4217.matcher(code).matches()) {
      try {
        return Currency.getInstance(code);
      } catch (IllegalArgumentException unknown) {
        // reported below
      }
    }
    throw invalid(name(field) + " '" + Limits.echo(code) + "' is not an ISO 4217 currency code");
  }

  /**
   * A decimal string ("1000.00"), not negative, with no more decimals than {@code currency} has, and
   * at most {@link Limits#MONEY_DIGITS} significant digits: the length is checked before any
   * BigDecimal work, so a 200,000-digit value is refused at once.
   */
  Money money(String field, Currency currency) throws ChangeEvent.Invalid {
    if (required(field) instanceof String raw) {
      String tooLong = Limits.moneyTooLong(name(field), raw.trim());
      if (tooLong != null) {
        throw invalid(tooLong);
      }
    }
    if (!(required(field) instanceof String text) || !DECIMAL.matcher(text.trim()).matches()) {
      throw invalid(name(field) + " must be a decimal string such as \"1000.00\"");
    }
    BigDecimal amount = new BigDecimal(text.trim());
    if (amount.signum() < 0) {
      throw invalid(name(field) + " " + text.trim() + " must not be negative");
    }
    int digits = Money.digits(currency);
    if (amount.stripTrailingZeros().scale() > digits) {
      throw invalid(name(field) + " " + text.trim() + " has more decimals than " + currency.getCurrencyCode()
          + " allows (" + digits + ")");
    }
    return Money.of(amount, currency);
  }

  DealKind dealKind(String field) throws ChangeEvent.Invalid {
    Object value = required(field);
    for (DealKind kind : DealKind.values()) {
      if (kind.name().equals(value)) {
        return kind;
      }
    }
    throw invalid(name(field) + " '" + Limits.echo(value) + "' must be SOURCED or ASSISTED");
  }

  /** A nested object, read with this reader's naming ({@code actor.partnerId}). */
  @SuppressWarnings("unchecked")
  ChangeFields object(String field) throws ChangeEvent.Invalid {
    if (!(required(field) instanceof Map<?, ?> map)) {
      throw invalid(name(field) + " must be an object");
    }
    return new ChangeFields((Map<String, Object>) map, name(field) + ".", now);
  }

  private long integer(String field) throws ChangeEvent.Invalid {
    OptionalLong number = JsonNumbers.wholeNumber(required(field));
    if (number.isEmpty()) {
      throw invalid(name(field) + " must be an integer");
    }
    return number.getAsLong();
  }

  private Object required(String field) throws ChangeEvent.Invalid {
    Object value = json.get(field);
    if (value == null) {
      throw invalid("missing " + name(field));
    }
    return value;
  }

  private String name(String field) {
    return prefix + field;
  }

  private static ChangeEvent.Invalid invalid(String reason) {
    return new ChangeEvent.Invalid(reason);
  }
}
