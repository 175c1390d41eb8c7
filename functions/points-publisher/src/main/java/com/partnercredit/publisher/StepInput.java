package com.partnercredit.publisher;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of a step's input as the state machine passes it (JSON read into maps by the
 * Lambda runtime): a missing or malformed field is an {@link IllegalArgumentException} naming it.
 */
final class StepInput {
  private StepInput() {}

  static Instant instant(Map<?, ?> input, String field) {
    Object value = required(input, field);
    try {
      return Instant.parse(String.valueOf(value));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " must be an ISO-8601 instant, not " + value, e);
    }
  }

  static String string(Map<?, ?> input, String field) {
    Object value = required(input, field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty string, not " + value);
    }
    return s;
  }

  static int integer(Map<?, ?> input, String field) {
    long value = longValue(input, field);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(field + " is out of range: " + value);
    }
    return (int) value;
  }

  static long longValue(Map<?, ?> input, String field) {
    Object value = required(input, field);
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + " must be a whole number, not " + value, e);
      }
    }
    throw new IllegalArgumentException(field + " must be a whole number, not " + value);
  }

  static Long optionalLong(Map<?, ?> input, String field) {
    return input.get(field) == null ? null : longValue(input, field);
  }

  static Map<?, ?> object(Map<?, ?> input, String field) {
    Object value = required(input, field);
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(field + " must be an object, not " + value);
    }
    return m;
  }

  /** A list of objects ({@code [{...}, {...}]}): the results of a Map state's items. */
  static List<Map<?, ?>> objects(Map<?, ?> input, String field) {
    Object value = required(input, field);
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(field + " must be a list, not " + value);
    }
    List<Map<?, ?>> objects = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(field + " must be a list of objects, not " + value);
      }
      objects.add(m);
    }
    return objects;
  }

  private static Object required(Map<?, ?> input, String field) {
    if (input == null) {
      throw new IllegalArgumentException("the step's input is missing");
    }
    Object value = input.get(field);
    if (value == null) {
      throw new IllegalArgumentException("the step's input has no " + field + ": " + input.keySet());
    }
    return value;
  }
}
