package com.partnercredit.tier;

import com.partnercredit.domain.Tier;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code GET /partners} (docs/api.md, "The program view"), checked before anything
 * is read: {@code search}, {@code tier} (repeatable; API Gateway joins repeats with commas),
 * {@code sort}, {@code limit}, {@code cursor} and {@code format}.
 *
 * @param search lower-cased, or null for every partner
 * @param after where the previous page ended, or null for the first page
 */
record PartnersQuery(String search, Set<Tier> tiers, Sort sort, int limit, Cursor after, boolean csv) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;
  static final int MAX_SEARCH = 200;

  /** The orders a listing can take; each breaks ties by partner id. */
  enum Sort {
    TOTAL_DESC("-total"), TOTAL("total"), NAME("name"), POINTS_NEEDED("pointsNeeded");

    final String word;

    Sort(String word) {
      this.word = word;
    }

    static Sort of(String raw) throws PointsQuery.Invalid {
      if (raw == null || raw.isBlank()) {
        return TOTAL_DESC;
      }
      for (Sort sort : values()) {
        if (sort.word.equals(raw.trim())) {
          return sort;
        }
      }
      throw new PointsQuery.Invalid("sort must be one of -total, total, name, pointsNeeded, got \""
          + PointsQuery.echo(raw) + "\"");
    }
  }

  /** The last row of a page: its sort, its sort value (as written in the cursor) and its id. */
  record Cursor(Sort sort, String value, long partnerId) {
    String encode() {
      String plain = sort.word + "\n" + partnerId + "\n" + value;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String raw, Sort sort) throws PointsQuery.Invalid {
      String[] parts;
      try {
        parts = new String(Base64.getUrlDecoder().decode(raw.trim()), StandardCharsets.UTF_8).split("\n", 3);
      } catch (IllegalArgumentException e) {
        parts = new String[0];
      }
      if (parts.length != 3 || !parts[1].matches("[0-9]{1,19}")) {
        throw new PointsQuery.Invalid("cursor is not one this route gave out (use the nextCursor of the previous page)");
      }
      if (!parts[0].equals(sort.word)) {
        throw new PointsQuery.Invalid("cursor was given for sort=" + PointsQuery.echo(parts[0])
            + "; ask again with that sort, or start without a cursor");
      }
      if (sort != Sort.NAME && !(sort == Sort.POINTS_NEEDED && parts[2].isEmpty()) && !isNumber(parts[2])) {
        throw new PointsQuery.Invalid("cursor is not one this route gave out (use the nextCursor of the previous page)");
      }
      return new Cursor(sort, parts[2], Long.parseLong(parts[1]));
    }

    private static boolean isNumber(String value) {
      try {
        new java.math.BigDecimal(value);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  static PartnersQuery parse(Map<String, String> query, String accept) throws PointsQuery.Invalid {
    String search = query.get("search");
    if (search != null && search.length() > MAX_SEARCH) {
      throw new PointsQuery.Invalid("search must be at most " + MAX_SEARCH + " characters");
    }
    search = search == null || search.isBlank() ? null : search.trim().toLowerCase(Locale.ROOT);
    Sort sort = Sort.of(query.get("sort"));
    String cursor = query.get("cursor");
    return new PartnersQuery(search, tiers(query.get("tier")), sort, limit(query.get("limit")),
        cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, sort),
        PointsQuery.wantsCsv(query.get("format"), accept));
  }

  private static Set<Tier> tiers(String raw) throws PointsQuery.Invalid {
    Set<Tier> tiers = EnumSet.noneOf(Tier.class);
    if (raw == null || raw.isBlank()) {
      return EnumSet.allOf(Tier.class);
    }
    for (String word : raw.split(",")) {
      try {
        tiers.add(Tier.valueOf(word.trim()));
      } catch (IllegalArgumentException e) {
        throw new PointsQuery.Invalid("tier must be PROVIDER, GOLD, PLATINUM, DIAMOND or ELITE, got \""
            + PointsQuery.echo(word) + "\"");
      }
    }
    return tiers;
  }

  private static int limit(String raw) throws PointsQuery.Invalid {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_LIMIT;
    }
    if (raw.trim().matches("[0-9]{1,4}")) {
      int limit = Integer.parseInt(raw.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    }
    throw new PointsQuery.Invalid("limit must be a whole number from 1 to " + MAX_LIMIT + ", got \""
        + PointsQuery.echo(raw) + "\"");
  }

  boolean matches(long partnerId, String name) {
    return PointsQuery.matches(search, partnerId, name);
  }
}
