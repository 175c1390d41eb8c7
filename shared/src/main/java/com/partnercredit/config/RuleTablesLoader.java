package com.partnercredit.config;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.CurrencyEquivalents;
import com.partnercredit.domain.EffectiveDated;
import com.partnercredit.domain.PointRates;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.domain.Tier;
import com.partnercredit.domain.TierPolicy;
import com.partnercredit.domain.TierRequirement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rulebook's effective-dated tables (sections 8 and 10) from the JSON resources under
 * {@code /domain/}: {@code point-rates.json}, {@code currency-equivalents.json} and
 * {@code tier-policies.json}. Call once at start-up ({@link #fromClasspath()}) and keep the result.
 *
 * <p>Decimals are read as strings or JSON integers (never through {@code double}); a JSON fraction
 * such as {@code 62.5} is read as a {@link BigDecimal} too. {@code effectiveFrom} is an ISO-8601
 * instant or a date (midnight UTC).
 */
public final class RuleTablesLoader {

  public static final String POINT_RATES = "/domain/point-rates.json";
  public static final String CURRENCY_EQUIVALENTS = "/domain/currency-equivalents.json";
  public static final String TIER_POLICIES = "/domain/tier-policies.json";

  private static final JSON JSON_READER = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

  private RuleTablesLoader() {}

  /** The tables shipped in this jar. */
  public static RuleTables fromClasspath() {
    return new RuleTables(
        pointRates(entries(POINT_RATES)),
        currencyEquivalents(entries(CURRENCY_EQUIVALENTS)),
        tierPolicies(entries(TIER_POLICIES)));
  }

  /** The three tables from JSON documents of the same shape as the shipped ones. */
  public static RuleTables fromJson(String pointRates, String currencyEquivalents, String tierPolicies) {
    return new RuleTables(
        pointRates(entriesOf(read(pointRates))),
        currencyEquivalents(entriesOf(read(currencyEquivalents))),
        tierPolicies(entriesOf(read(tierPolicies))));
  }

  static EffectiveDated<PointRates> pointRates(List<Map<String, Object>> entries) {
    List<PointRates> rates = new ArrayList<>();
    for (Map<String, Object> e : entries) {
      Map<String, Object> growth = map(e, "growthMarket");
      rates.add(new PointRates(instant(e, "effectiveFrom"),
          decimal(e, "managed"), decimal(e, "soldSourced"), decimal(e, "soldAssisted"),
          decimal(growth, "managed"), decimal(growth, "soldSourced"), decimal(growth, "soldAssisted")));
    }
    return EffectiveDated.of(rates, PointRates::effectiveFrom);
  }

  static EffectiveDated<CurrencyEquivalents> currencyEquivalents(List<Map<String, Object>> entries) {
    List<CurrencyEquivalents> tables = new ArrayList<>();
    for (Map<String, Object> e : entries) {
      Map<String, Object> us100 = map(e, "us100");
      Map<String, BigDecimal> amounts = new LinkedHashMap<>();
      for (String code : us100.keySet()) {
        amounts.put(code, decimal(us100, code));
      }
      tables.add(new CurrencyEquivalents(instant(e, "effectiveFrom"), amounts));
    }
    return EffectiveDated.of(tables, CurrencyEquivalents::effectiveFrom);
  }

  static EffectiveDated<TierPolicy> tierPolicies(List<Map<String, Object>> entries) {
    List<TierPolicy> policies = new ArrayList<>();
    for (Map<String, Object> e : entries) {
      List<TierRequirement> tiers = new ArrayList<>();
      for (Map<String, Object> t : list(e, "tiers")) {
        Object activities = t.getOrDefault("minQualifyingActivities", 0);
        tiers.add(new TierRequirement(Tier.valueOf(string(t, "tier")),
            decimal(t, "minTotalPoints"), decimal(t, "minSoldPoints"), decimal(t, "minManagedPoints"),
            new BigDecimal(activities.toString()).longValueExact()));
      }
      Object examples = e.get("EXAMPLES");
      policies.add(new TierPolicy(instant(e, "effectiveFrom"), Boolean.TRUE.equals(examples),
          ((Number) required(e, "activityWindowDays")).intValue(), tiers));
    }
    return EffectiveDated.of(policies, TierPolicy::effectiveFrom);
  }

  // ---- plain-map helpers ----

  private static List<Map<String, Object>> entries(String resource) {
    try (InputStream in = RuleTablesLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return entriesOf(JSON_READER.mapFrom(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static Map<String, Object> read(String json) {
    try {
      return JSON_READER.mapFrom(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
    }
  }

  private static List<Map<String, Object>> entriesOf(Map<String, Object> document) {
    return list(document, "entries");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) required(m, key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return (Map<String, Object>) required(m, key);
  }

  private static String string(Map<String, Object> m, String key) {
    return required(m, key).toString();
  }

  private static BigDecimal decimal(Map<String, Object> m, String key) {
    Object v = required(m, key);
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof String || v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      return new BigDecimal(v.toString());
    }
    throw new IllegalArgumentException(key + " must be a decimal string, not " + v.getClass().getSimpleName());
  }

  private static Instant instant(Map<String, Object> m, String key) {
    String v = string(m, key);
    return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
  }

  private static Object required(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing \"" + key + "\"");
    }
    return v;
  }
}
