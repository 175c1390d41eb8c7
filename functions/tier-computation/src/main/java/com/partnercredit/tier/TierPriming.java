package com.partnercredit.tier;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.store.FactItems;
import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.PrimingFacts;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/**
 * SnapStart priming of {@code GET /partners/{partnerId}/points} ({@link Priming}): the route through
 * the handler for JSON and for CSV, in a dry run (claims, query, the partner's reads as
 * {@code Query}s answered inside the process, which find no partner: 404); then a small in-memory
 * portfolio ({@link PrimingFacts}) through the store's item format and back, and through the engine,
 * its breakdown rendered as the 200's JSON and CSV.
 */
final class TierPriming {
  private static final String ROUTE = "GET /partners/{partnerId}/points";

  private final DryRunHttpClient http;
  private final CreditEngine engine;
  private final Clock clock;

  @Inject
  TierPriming(DryRunHttpClient http, CreditEngine engine, Clock clock) {
    this.http = http;
    this.engine = engine;
    this.clock = clock;
  }

  Priming.Report prime(PointsHandler handler) {
    Instant asOf = clock.instant();
    String partner = Long.toString(PrimingFacts.PARTNER);
    Map<String, String> claims = Map.of("sub", "priming", Caller.SCOPE_CLAIM, Caller.ADMIN_SCOPE);
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("json", () -> handler.handleRequest(Priming.authorizedGet(ROUTE, "/partners/" + partner + "/points",
        Map.of("partnerId", partner), Map.of("asOf", asOf.toString()), claims), null).getStatusCode());
    steps.put("csv", () -> handler.handleRequest(Priming.authorizedGet(ROUTE, "/partners/" + partner + "/points",
        Map.of("partnerId", partner), Map.of("format", "csv", "search", "client"), claims), null).getStatusCode());
    steps.put("items", () -> PrimingFacts.portfolio(asOf).stream()
        .map(fact -> FactItems.fact(FactItems.item(fact, "priming"))).count());
    steps.put("engine", () -> {
      PartnerBreakdown breakdown = engine.evaluate(PrimingFacts.portfolio(asOf), asOf)
          .partner(PrimingFacts.PARTNER).orElseThrow();
      ApiGatewayHttp.response(HttpResponse.json(200, BreakdownJson.of(breakdown, breakdown.clients())));
      BreakdownCsv.of(breakdown.clients());
      return breakdown.clients().size();
    });
    return Priming.run(http, steps);
  }
}
