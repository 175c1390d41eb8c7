package com.partnercredit.tier;

import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/** The program view's SnapStart priming: both routes, their Queries answered by the dry run. */
final class PartnersPriming {
  private final DryRunHttpClient http;

  @Inject
  PartnersPriming(DryRunHttpClient http) {
    this.http = http;
  }

  Priming.Report prime(PartnersHandler handler) {
    Map<String, String> claims = Map.of("sub", "priming", Caller.SCOPE_CLAIM, Caller.ADMIN_SCOPE);
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("json", () -> handler.handleRequest(Priming.authorizedGet(PartnersHandler.LIST_ROUTE, "/partners",
        Map.of(), Map.of("sort", "pointsNeeded", "tier", "GOLD,PLATINUM", "search", "a"), claims), null).getStatusCode());
    steps.put("csv", () -> handler.handleRequest(Priming.authorizedGet(PartnersHandler.LIST_ROUTE, "/partners",
        Map.of(), Map.of("format", "csv"), claims), null).getStatusCode());
    steps.put("tiers", () -> handler.handleRequest(Priming.authorizedGet(PartnersHandler.TIERS_ROUTE,
        "/partners/tiers", Map.of(), Map.of(), claims), null).getStatusCode());
    return Priming.run(http, steps);
  }
}
