package com.partnercredit.tier;

import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.PrimingFacts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/**
 * The history route's SnapStart priming: the route in JSON and CSV, its snapshot Query marshalled
 * and answered by the dry run ({@link DryRunHttpClient}), so nothing leaves the process.
 */
final class HistoryPriming {
  private static final String ROUTE = "GET /partners/{partnerId}/history";

  private final DryRunHttpClient http;
  private final Clock clock;

  @Inject
  HistoryPriming(DryRunHttpClient http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  Priming.Report prime(HistoryHandler handler) {
    String partner = Long.toString(PrimingFacts.PARTNER);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Map<String, String> claims = Map.of("sub", "priming", Caller.SCOPE_CLAIM, Caller.ADMIN_SCOPE);
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("json", () -> handler.handleRequest(Priming.authorizedGet(ROUTE, "/partners/" + partner + "/history",
        Map.of("partnerId", partner), Map.of("from", today.minusDays(7).toString(), "to", today.toString()), claims),
        null).getStatusCode());
    steps.put("csv", () -> handler.handleRequest(Priming.authorizedGet(ROUTE, "/partners/" + partner + "/history",
        Map.of("partnerId", partner), Map.of("format", "csv"), claims), null).getStatusCode());
    return Priming.run(http, steps);
  }
}
