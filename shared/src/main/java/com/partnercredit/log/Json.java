package com.partnercredit.log;

import java.util.Map;

/**
 * One JSON object on one line, for the structured log lines and the metrics documents, with the JDK
 * only. Every string value passes through {@link Redact#emails}; keys are written as given. Maps
 * (string keys, in their iteration order), iterables, arrays of objects, strings, numbers, booleans
 * and null are written as JSON; anything else as its {@code toString()}. A non-finite double is null
 * (JSON has no NaN); null map values are left out.
 */
public final class Json {
  private Json() {}

  public static String line(Map<String, ?> object) {
    StringBuilder out = new StringBuilder(256);
    write(out, object);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (entry.getValue() == null) {
          continue;
        }
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(entry.getKey()));
        out.append(':');
        write(out, entry.getValue());
      }
      out.append('}');
    } else if (value instanceof Iterable<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, item);
      }
      out.append(']');
    } else if (value instanceof Object[] items) {
      write(out, java.util.Arrays.asList(items));
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isFinite(d) ? numberText(d) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(out, Redact.emails(value.toString()));
    }
  }

  /** Whole doubles without a fraction ({@code 3}, not {@code 3.0}); others as Java prints them. */
  private static String numberText(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
