package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.http.HttpRequest;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import com.partnercredit.wiring.Priming;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.crac.Core;
import org.crac.Resource;

/**
 * {@code GET /partners/{partnerId}/points}: the Points Breakdown (contracts.md section 4).
 *
 * <p>In order: the path's partner id (400), the caller's claims (403), the query (400 for a bad
 * {@code asOf}, before anything is looked up), the partner's facts (404 when unknown, 503 when
 * DynamoDB fails or the lookup outlasts its budget, {@link WithinBudget}), then the breakdown as
 * JSON or CSV. {@code search} narrows the client rows only: the totals, tier and projection stay
 * the whole partner's.
 *
 * <p>Its SnapStart hook primes the route before the snapshot ({@link TierPriming}).
 */
public final class PointsHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Resource {
  static final String CSV = "text/csv; charset=utf-8";

  private final PointsBreakdown breakdowns;
  private final Clock clock;
  private final Duration budget;
  private final TierPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public PointsHandler() {
    this(DaggerTierComponent.create().handler());
    Core.getGlobalContext().register(this);
  }

  private PointsHandler(PointsHandler built) {
    this(built.breakdowns, built.clock, built.budget, built.priming);
  }

  @Inject
  PointsHandler(PointsBreakdown breakdowns, Clock clock, TierPriming priming) {
    this(breakdowns, clock, WithinBudget.BUDGET, priming);
  }

  /** With another budget for the lookup: tests against a slow emulator count requests, not time. */
  PointsHandler(PointsBreakdown breakdowns, Clock clock, Duration budget) {
    this(breakdowns, clock, budget, null);
  }

  private PointsHandler(PointsBreakdown breakdowns, Clock clock, Duration budget, TierPriming priming) {
    this.breakdowns = breakdowns;
    this.clock = clock;
    this.budget = budget;
    this.priming = priming;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ApiGatewayHttp.response(handle(event));
  }

  /** Lambda, before it snapshots this initialized function: prime the route. */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    Log.info("SnapStart priming: " + prime());
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // nothing to renew: priming opened no connection
  }

  Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.prime(this);
  }

  HttpResponse handle(APIGatewayV2HTTPEvent event) {
    HttpRequest request = ApiGatewayHttp.request(event, Optional.empty());
    long partnerId;
    PointsQuery query;
    try {
      partnerId = PointsQuery.partnerId(event.getPathParameters());
      if (!Caller.fromClaims(claims(event)).mayRead(partnerId)) {
        return HttpResponse.error(403, "this token may read partner " + partnerId
            + " only with claim partner_id " + partnerId + " or scope points:admin");
      }
      query = PointsQuery.parse(request.query(), request.header("accept"), clock);
    } catch (PointsQuery.Invalid e) {
      return HttpResponse.error(400, e.getMessage());
    }
    Optional<PartnerBreakdown> found;
    try {
      found = WithinBudget.run(budget, () -> breakdowns.of(partnerId, query.asOf()));
    } catch (StorageUnavailable e) {
      Log.error("points of partner " + partnerId + ": " + e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
      return HttpResponse.error(503, "storage is unavailable; retry shortly").withHeader("retry-after", "1");
    }
    if (found.isEmpty()) {
      return HttpResponse.error(404, "partner " + partnerId + " is not known");
    }
    PartnerBreakdown breakdown = found.get();
    List<ClientCredit> clients = breakdown.clients().stream()
        .filter(c -> query.matches(c.clientId(), c.name()))
        .toList();
    if (query.csv()) {
      return new HttpResponse(200, Map.of("content-type", CSV), BreakdownCsv.of(clients));
    }
    return HttpResponse.json(200, BreakdownJson.of(breakdown, clients));
  }

  private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
      return null;
    }
    return context.getAuthorizer().getJwt().getClaims();
  }
}
