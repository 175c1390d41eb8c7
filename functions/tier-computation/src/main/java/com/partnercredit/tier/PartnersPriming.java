package com.partnercredit.tier;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.EmployeeRemoved;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.PartnerFigures;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.PartnerStanding;
import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.PrimingFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/**
 * The program view's SnapStart priming: a listing of the priming partner's standing, encoded,
 * decoded, evaluated and written as JSON and CSV; then both routes, their Queries answered by the
 * dry run (no progress there, so the listing route is primed on a refused query).
 */
final class PartnersPriming {
  private final DryRunHttpClient http;
  private final CreditEngine engine;
  private final Clock clock;

  @Inject
  PartnersPriming(DryRunHttpClient http, CreditEngine engine, Clock clock) {
    this.http = http;
    this.engine = engine;
    this.clock = clock;
  }

  Priming.Report prime(PartnersHandler handler) {
    Map<String, String> claims = Map.of("sub", "priming", Caller.SCOPE_CLAIM, Caller.ADMIN_SCOPE);
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("listing", this::listing);
    steps.put("refused", () -> handler.handleRequest(Priming.authorizedGet(PartnersHandler.LIST_ROUTE, "/partners",
        Map.of(), Map.of("sort", "pointsNeeded", "tier", "GOLD,PLATINUM", "limit", "0"), claims), null).getStatusCode());
    steps.put("tiers", () -> handler.handleRequest(Priming.authorizedGet(PartnersHandler.TIERS_ROUTE,
        "/partners/tiers", Map.of(), Map.of(), claims), null).getStatusCode());
    return Priming.run(http, steps);
  }

  private int listing() {
    Instant now = clock.instant();
    List<Fact> facts = PrimingFacts.portfolio(now);
    List<Fact> own = facts.stream().filter(f -> f instanceof PartnerRegistered || f instanceof EmployeeAdded
        || f instanceof EmployeeRemoved || f instanceof DealSold).toList();
    PartnerStanding standing = engine.standing(PrimingFacts.PARTNER, own,
        CreditEngine.conclude(Facts.of(facts)).values(), now.minus(Duration.ofMinutes(1)));
    PartnerFigures figures = engine.figures(PartnerStanding.decode(standing.encode()), now).orElseThrow();
    ProgramView.Listing listing = new ProgramView.Listing(now, now, List.of(new ProgramView.Row(figures, null)), null);
    return PartnersFormats.json(listing).isEmpty() || PartnersFormats.csv(listing).isEmpty() ? 500 : 200;
  }
}
