package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Tier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartnersQueryTest {
  private static PartnersQuery parse(Map<String, String> query) throws PointsQuery.Invalid {
    return PartnersQuery.parse(query, null);
  }

  private static String refusal(Map<String, String> query) {
    return assertThrows(PointsQuery.Invalid.class, () -> parse(query)).getMessage();
  }

  @Test
  void theDefaultsListEveryTierByTotalHighestFirstAHundredAtATime() throws Exception {
    PartnersQuery query = parse(Map.of());
    assertEquals(EnumSet.allOf(Tier.class), query.tiers());
    assertEquals(PartnersQuery.Sort.TOTAL_DESC, query.sort());
    assertEquals(100, query.limit());
    assertNull(query.after());
    assertNull(query.search());
    assertEquals(false, query.csv());
  }

  @Test
  void repeatedTiersArriveJoinedWithCommas() throws Exception {
    assertEquals(EnumSet.of(Tier.GOLD, Tier.ELITE), parse(Map.of("tier", "GOLD, ELITE")).tiers());
  }

  @Test
  void eachBadParameterIsNamed() {
    assertTrue(refusal(Map.of("tier", "GOLD,BRONZE")).startsWith("tier must be"), "tier");
    assertTrue(refusal(Map.of("sort", "-name")).startsWith("sort must be"), "sort");
    assertTrue(refusal(Map.of("limit", "0")).startsWith("limit must be"), "limit 0");
    assertTrue(refusal(Map.of("limit", "501")).startsWith("limit must be"), "limit 501");
    assertTrue(refusal(Map.of("limit", "ten")).startsWith("limit must be"), "limit ten");
    assertTrue(refusal(Map.of("cursor", "%%%")).startsWith("cursor is not"), "cursor");
    assertTrue(refusal(Map.of("format", "xml")).startsWith("format must be"), "format");
    assertTrue(refusal(Map.of("search", "x".repeat(201))).startsWith("search must be"), "search");
  }

  @Test
  void aCursorBelongsToItsSort() throws Exception {
    String cursor = new PartnersQuery.Cursor(PartnersQuery.Sort.NAME, "acme, inc.", 42).encode();
    PartnersQuery query = parse(Map.of("sort", "name", "cursor", cursor));
    assertEquals(new PartnersQuery.Cursor(PartnersQuery.Sort.NAME, "acme, inc.", 42), query.after());
    assertTrue(refusal(Map.of("cursor", cursor)).startsWith("cursor was given for sort=name"));
    String notANumber = new PartnersQuery.Cursor(PartnersQuery.Sort.TOTAL, "ten", 42).encode();
    assertTrue(refusal(Map.of("sort", "total", "cursor", notANumber)).startsWith("cursor is not"),
        "a cursor's value is checked with the query, before anything is read");
  }

  @Test
  void searchMatchesAPartOfTheNameOrTheIdWhateverTheCase() throws Exception {
    PartnersQuery query = parse(Map.of("search", " NorTH "));
    assertTrue(query.matches(7, "Northwind Agency"));
    assertTrue(!query.matches(7, "Southwind"));
    assertTrue(parse(Map.of("search", "4242")).matches(14242, "x"));
  }

  @Test
  void keysSortAsTheQueryAsksAndTheIdBreaksTies() throws Exception {
    List<ProgramView.Key> keys = new ArrayList<>(List.of(
        new ProgramView.Key(PartnersQuery.Sort.POINTS_NEEDED, null, "", 1),
        new ProgramView.Key(PartnersQuery.Sort.POINTS_NEEDED, new BigDecimal("5.00"), "", 9),
        new ProgramView.Key(PartnersQuery.Sort.POINTS_NEEDED, new BigDecimal("5.0"), "", 3),
        new ProgramView.Key(PartnersQuery.Sort.POINTS_NEEDED, new BigDecimal("0.50"), "", 4)));
    keys.sort(null);
    assertEquals(List.of(4L, 3L, 9L, 1L), keys.stream().map(ProgramView.Key::partnerId).toList(),
        "fewest needed first, the top tier last");

    List<ProgramView.Key> totals = new ArrayList<>(List.of(
        new ProgramView.Key(PartnersQuery.Sort.TOTAL_DESC, new BigDecimal("1.00"), "", 1),
        new ProgramView.Key(PartnersQuery.Sort.TOTAL_DESC, new BigDecimal("9.00"), "", 2),
        new ProgramView.Key(PartnersQuery.Sort.TOTAL_DESC, new BigDecimal("9.00"), "", 1)));
    totals.sort(null);
    assertEquals(List.of(1L, 2L, 1L), totals.stream().map(ProgramView.Key::partnerId).toList());
    assertEquals(new BigDecimal("1.00"), totals.get(2).number());
  }

  @Test
  void aKeyComesBackFromItsCursor() throws Exception {
    for (ProgramView.Key key : List.of(
        new ProgramView.Key(PartnersQuery.Sort.TOTAL, new BigDecimal("12.34"), "", 5),
        new ProgramView.Key(PartnersQuery.Sort.POINTS_NEEDED, null, "", 6),
        new ProgramView.Key(PartnersQuery.Sort.NAME, null, "zeta\nagency", 7))) {
      PartnersQuery.Cursor cursor = PartnersQuery.Cursor.decode(key.cursor().encode(), key.sort());
      assertEquals(0, ProgramView.Key.of(cursor).compareTo(key), key.toString());
    }
  }
}
