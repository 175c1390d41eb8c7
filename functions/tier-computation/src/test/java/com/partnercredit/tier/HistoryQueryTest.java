package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryQueryTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T23:30:00Z"), ZoneOffset.UTC);

  private static HistoryQuery parse(Map<String, String> query) throws PointsQuery.Invalid {
    return HistoryQuery.parse(query, null, CLOCK);
  }

  @Test
  void theDefaultIsTheLast90DaysUpToTodayInUtc() throws Exception {
    HistoryQuery query = parse(Map.of());

    assertEquals(LocalDate.parse("2026-11-28"), query.to());
    assertEquals(LocalDate.parse("2026-08-31"), query.from(), "90 days, both ends included");
    assertFalse(query.csv());
  }

  @Test
  void onlyToCountsTheDefault90DaysBackFromIt() throws Exception {
    assertEquals(LocalDate.parse("2026-07-03"), parse(Map.of("to", "2026-09-30")).from());
  }

  @Test
  void onlyFromRunsToToday() throws Exception {
    assertEquals(LocalDate.parse("2026-11-28"), parse(Map.of("from", "2026-11-01")).to());
  }

  @Test
  void fourHundredDaysAreAnsweredAndOneMoreIs400() throws Exception {
    HistoryQuery longest = parse(Map.of("from", "2025-10-25", "to", "2026-11-28"));
    assertEquals(LocalDate.parse("2025-10-25"), longest.from());

    PointsQuery.Invalid tooLong = assertThrows(PointsQuery.Invalid.class,
        () -> parse(Map.of("from", "2025-10-24", "to", "2026-11-28")));
    assertTrue(tooLong.getMessage().contains("401 days") && tooLong.getMessage().contains("400"), tooLong.getMessage());
  }

  @Test
  void fromAfterToIs400() {
    PointsQuery.Invalid invalid = assertThrows(PointsQuery.Invalid.class,
        () -> parse(Map.of("from", "2026-11-02", "to", "2026-11-01")));
    assertTrue(invalid.getMessage().contains("must not be after"), invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-11-28T00:00:00Z", "28/11/2026", "2026-13-01", "1999-12-31"})
  void aFromThatIsNotAnIsoDateOfTheYears2000To9999Is400(String raw) {
    PointsQuery.Invalid invalid = assertThrows(PointsQuery.Invalid.class, () -> parse(Map.of("from", raw)));
    assertTrue(invalid.getMessage().startsWith("from must be"), invalid.getMessage());
    assertTrue(invalid.getMessage().contains(raw), invalid.getMessage());
  }

  @Test
  void formatCsvOrAcceptTextCsvAsksForCsv() throws Exception {
    assertTrue(parse(Map.of("format", "csv")).csv());
    assertTrue(HistoryQuery.parse(Map.of(), "text/csv", CLOCK).csv());
    assertFalse(HistoryQuery.parse(Map.of("format", "json"), "text/csv", CLOCK).csv());
    assertThrows(PointsQuery.Invalid.class, () -> parse(Map.of("format", "xml")));
  }
}
