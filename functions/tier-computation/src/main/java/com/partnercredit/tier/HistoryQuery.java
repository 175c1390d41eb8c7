package com.partnercredit.tier;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * The query of {@code GET /partners/{partnerId}/history} (docs/api.md section 4), validated before
 * anything is looked up: {@code from} and {@code to} are ISO dates (UTC days, both included),
 * by default the last {@value #DEFAULT_DAYS} days up to today; at most {@value #MAX_DAYS} days.
 *
 * @param csv {@code format=csv}, or {@code Accept: text/csv} without a {@code format}
 */
record HistoryQuery(LocalDate from, LocalDate to, boolean csv) {
  static final int DEFAULT_DAYS = 90;
  static final int MAX_DAYS = 400;

  static HistoryQuery parse(Map<String, String> query, String accept, Clock clock) throws PointsQuery.Invalid {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate from = date("from", query.get("from"));
    LocalDate to = date("to", query.get("to"));
    if (to == null) {
      to = from == null ? today : max(from, today);
    }
    if (from == null) {
      from = to.minusDays(DEFAULT_DAYS - 1);
    }
    if (from.isAfter(to)) {
      throw new PointsQuery.Invalid("from (" + from + ") must not be after to (" + to + ")");
    }
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    if (days > MAX_DAYS) {
      throw new PointsQuery.Invalid("from " + from + " to " + to + " is " + days + " days; at most " + MAX_DAYS
          + " days are answered at once");
    }
    return new HistoryQuery(from, to, PointsQuery.wantsCsv(query.get("format"), accept));
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate date(String name, String raw) throws PointsQuery.Invalid {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(raw.trim());
    } catch (DateTimeException e) {
      throw new PointsQuery.Invalid(name + " must be an ISO date such as 2026-11-28, got \"" + PointsQuery.echo(raw) + "\"");
    }
    if (date.getYear() < PointsQuery.FIRST_YEAR || date.getYear() > PointsQuery.LAST_YEAR) {
      throw new PointsQuery.Invalid(name + " must be in the years " + PointsQuery.FIRST_YEAR + " to "
          + PointsQuery.LAST_YEAR + ", got \"" + PointsQuery.echo(raw) + "\"");
    }
    return date;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "history %s..%s%s", from, to, csv ? " csv" : "");
  }
}
