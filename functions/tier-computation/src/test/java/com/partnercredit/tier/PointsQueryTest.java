package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PointsQueryTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00.123456789Z"), ZoneOffset.UTC);

  private static PointsQuery parse(Map<String, String> query, String accept) throws PointsQuery.Invalid {
    return PointsQuery.parse(query, accept, CLOCK);
  }

  @Test
  void asOfDefaultsToNowInMilliseconds() throws Exception {
    assertEquals(Instant.parse("2026-11-28T10:00:00.123Z"), parse(Map.of(), null).asOf());
  }

  @Test
  void aBlankAsOfIsTheDefault() throws Exception {
    assertEquals(Instant.parse("2026-11-28T10:00:00.123Z"), parse(Map.of("asOf", "  "), null).asOf());
  }

  @Test
  void asOfIsAnIsoInstantInUtc() throws Exception {
    assertEquals(Instant.parse("2026-06-01T00:00:00Z"), parse(Map.of("asOf", " 2026-06-01T00:00:00Z "), null).asOf());
  }

  @Test
  void asOfWithAnOffsetIsTheSameInstant() throws Exception {
    assertEquals(Instant.parse("2026-11-28T10:00:00Z"), parse(Map.of("asOf", "2026-11-28T11:00:00+01:00"), null).asOf());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-11-28", "2026-11-28T10:00:00", "1764324000000"})
  void anAsOfThatIsNotAnInstantIsInvalidAndSaysTheFormat(String raw) {
    PointsQuery.Invalid invalid = assertThrows(PointsQuery.Invalid.class, () -> parse(Map.of("asOf", raw), null));

    assertTrue(invalid.getMessage().startsWith(PointsQuery.AS_OF_FORMAT), invalid.getMessage());
    assertTrue(invalid.getMessage().contains("\"" + raw + "\""), invalid.getMessage());
  }

  @Test
  void searchIsTrimmedAndCaseInsensitive() throws Exception {
    PointsQuery query = parse(Map.of("search", "  AcMe "), null);

    assertEquals("acme", query.search());
    assertTrue(query.matches(7, "ACME Corp"));
    assertFalse(query.matches(7, "Globex"));
    assertFalse(query.matches(7, null));
  }

  @Test
  void searchMatchesPartOfTheClientId() throws Exception {
    PointsQuery query = parse(Map.of("search", "234"), null);

    assertTrue(query.matches(12345, "Globex"));
    assertFalse(query.matches(54321, "Globex"));
  }

  @Test
  void aBlankSearchMatchesEveryClient() throws Exception {
    PointsQuery query = parse(Map.of("search", " "), null);

    assertNull(query.search());
    assertTrue(query.matches(1, null));
  }

  @Test
  void formatCsvAsksForCsv() throws Exception {
    assertTrue(parse(Map.of("format", "CSV"), "application/json").csv());
  }

  @Test
  void acceptTextCsvAsksForCsvWithoutAFormat() throws Exception {
    assertTrue(parse(Map.of(), "text/csv; charset=utf-8").csv());
    assertTrue(parse(Map.of(), "application/json, Text/CSV").csv());
  }

  @Test
  void formatJsonWinsOverAcceptTextCsv() throws Exception {
    assertFalse(parse(Map.of("format", "json"), "text/csv").csv());
  }

  @Test
  void jsonIsTheDefault() throws Exception {
    assertFalse(parse(Map.of(), null).csv());
    assertFalse(parse(Map.of(), "*/*").csv());
  }

  @Test
  void anyOtherFormatIsInvalid() {
    PointsQuery.Invalid invalid = assertThrows(PointsQuery.Invalid.class, () -> parse(Map.of("format", "xml"), null));

    assertEquals("format must be csv or json", invalid.getMessage());
  }

  @Test
  void thePartnerIdIsAPositiveInteger() throws Exception {
    assertEquals(42L, PointsQuery.partnerId(Map.of("partnerId", " 42 ")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "abc", "", "9223372036854775808"})
  void anyOtherPartnerIdIsInvalid(String raw) {
    assertThrows(PointsQuery.Invalid.class, () -> PointsQuery.partnerId(Map.of("partnerId", raw)));
  }

  @Test
  void aMissingPartnerIdIsInvalid() {
    assertThrows(PointsQuery.Invalid.class, () -> PointsQuery.partnerId(null));
    assertThrows(PointsQuery.Invalid.class, () -> PointsQuery.partnerId(new HashMap<>()));
  }

  @Test
  void theSourceIsTheReadModelUnlessLiveIsAsked() throws Exception {
    assertEquals(PointsBreakdown.Source.READ_MODEL, parse(Map.of(), null).source());
    assertEquals(PointsBreakdown.Source.READ_MODEL, parse(Map.of("source", "readModel"), null).source());
    assertEquals(PointsBreakdown.Source.LIVE, parse(Map.of("source", " live "), null).source());
  }

  @Test
  void anUnknownSourceIsABadRequestThatNamesIt() {
    PointsQuery.Invalid bad = assertThrows(PointsQuery.Invalid.class, () -> parse(Map.of("source", "cache"), null));
    assertEquals("source must be live or readModel, got \"cache\"", bad.getMessage());
  }
}
