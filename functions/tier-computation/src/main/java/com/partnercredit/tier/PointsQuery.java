package com.partnercredit.tier;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * The query of {@code GET /partners/{partnerId}/points} (docs/api.md section 4), validated before
 * anything is looked up.
 *
 * @param search lower-cased, or null for every client
 * @param csv {@code format=csv}, or {@code Accept: text/csv} without a {@code format}
 */
record PointsQuery(Instant asOf, String search, boolean csv, PointsBreakdown.Source source) {
  PointsQuery(Instant asOf, String search, boolean csv) {
    this(asOf, search, csv, PointsBreakdown.Source.READ_MODEL);
  }

  static final String AS_OF_FORMAT =
      "asOf must be an ISO-8601 instant such as 2026-11-28T10:00:00Z (or with an offset, 2026-11-28T11:00:00+01:00)";

  /** A request the handler answers with 400 and this message. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  static PointsQuery parse(Map<String, String> query, String accept, Clock clock) throws Invalid {
    Instant asOf = asOf(query.get("asOf"), clock);
    String search = query.get("search");
    search = search == null || search.isBlank() ? null : search.trim().toLowerCase(Locale.ROOT);
    return new PointsQuery(asOf, search, wantsCsv(query.get("format"), accept), source(query.get("source")));
  }

  /** {@code format=csv}, or {@code Accept: text/csv} without a {@code format}; {@code format=json} is JSON. */
  static boolean wantsCsv(String format, String accept) throws Invalid {
    if (format == null || format.isBlank()) {
      return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    } else if (format.trim().equalsIgnoreCase("csv")) {
      return true;
    } else if (format.trim().equalsIgnoreCase("json")) {
      return false;
    }
    throw new Invalid("format must be csv or json");
  }

  /** {@code source=live} computes from the stored facts; the default (or {@code readModel}) reads the read model. */
  static PointsBreakdown.Source source(String raw) throws Invalid {
    if (raw == null || raw.isBlank() || raw.trim().equals(PointsBreakdown.Source.READ_MODEL.word)) {
      return PointsBreakdown.Source.READ_MODEL;
    } else if (raw.trim().equals(PointsBreakdown.Source.LIVE.word)) {
      return PointsBreakdown.Source.LIVE;
    }
    throw new Invalid("source must be live or readModel, got \"" + echo(raw) + "\"");
  }

  /** The path's partner id: a positive integer. */
  static long partnerId(Map<String, String> pathParameters) throws Invalid {
    String raw = pathParameters == null ? null : pathParameters.get("partnerId");
    try {
      long id = Long.parseLong(raw == null ? "" : raw.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException notANumber) {
      // falls through
    }
    throw new Invalid("partnerId must be a positive integer (the partner's HubSpot account id)");
  }

  /** The years an {@code asOf} may fall in (docs/api.md section 4): anything else is a 400. */
  static final int FIRST_YEAR = 2000;
  static final int LAST_YEAR = 9999;

  private static Instant asOf(String raw, Clock clock) throws Invalid {
    if (raw == null || raw.isBlank()) {
      return clock.instant().truncatedTo(ChronoUnit.MILLIS); // the rules work in milliseconds
    }
    String value = raw.trim();
    Instant asOf;
    try {
      asOf = Instant.parse(value);
    } catch (DateTimeException notUtc) {
      try {
        asOf = OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeException e) {
        throw new Invalid(AS_OF_FORMAT + ", got \"" + echo(raw) + "\"");
      }
    }
    int year = asOf.atOffset(ZoneOffset.UTC).getYear();
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new Invalid("asOf must be in the years " + FIRST_YEAR + " to " + LAST_YEAR + ", got \"" + echo(raw) + "\"");
    }
    return asOf;
  }

  /** At most 200 characters of what the caller sent. */
  static String echo(String raw) {
    return raw.length() <= 200 ? raw : raw.substring(0, 200) + "... (" + raw.length() + " characters)";
  }

  boolean matches(long clientId, String name) {
    return matches(search, clientId, name);
  }

  /** A lower-cased {@code search} (null: everything) as part of the id or, in any case, of the name. */
  static boolean matches(String search, long id, String name) {
    return search == null || Long.toString(id).contains(search)
        || (name != null && name.toLowerCase(Locale.ROOT).contains(search));
  }
}
