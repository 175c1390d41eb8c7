package com.partnercredit.tier;

import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.http.HttpRequest;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.http.MeasuredRoute;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code GET /partners/{partnerId}/points}: the Points Breakdown (docs/api.md section 4).
 *
 * <p>In order: the path's partner id (400), the caller's claims (403), the query (400 for a bad
 * {@code asOf}, before anything is looked up), the partner's facts (404 when unknown, 503 when
 * DynamoDB fails or the lookup outlasts its budget, {@link WithinBudget}), then the breakdown as
 * JSON or CSV. An {@code asOf} before the live horizon is answered from that day's snapshot, or
 * 410 when there is none ({@link PointsBreakdown#answer}). {@code search} narrows the client rows
 * only: the totals, tier and projection stay the whole partner's.
 *
 * <p>Each request writes one measurement ({@link Metrics}): {@code Requests}, {@code Latency},
 * {@code ClientsEvaluated} (the partner's clients the rules evaluated), {@code DynamoDbRequests} and
 * {@code Unavailable} (503s), with the status, the outcome and the partner id as log fields (never
 * the caller's token or subject, which may be an email address).
 *
 * <p>Its SnapStart hook primes the route before the snapshot ({@link TierPriming}); priming emits no
 * metrics ({@code Priming.run}).
 */
public final class PointsHandler
    extends SnapStartHook implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final String CSV = "text/csv; charset=utf-8";
  /** The function and route key its metrics are published under. */
  static final String FUNCTION = "tier-computation";
  static final String ROUTE_KEY = "GET /partners/{partnerId}/points";

  private final PointsBreakdown breakdowns;
  private final Clock clock;
  private final Duration budget;
  private final Metrics metrics;
  private final TierPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public PointsHandler() {
    this(DaggerTierComponent.create().handler());
    register();
  }

  private PointsHandler(PointsHandler built) {
    this(built.breakdowns, built.clock, built.budget, built.metrics, built.priming);
  }

  @Inject
  PointsHandler(PointsBreakdown breakdowns, Clock clock, Metrics metrics, TierPriming priming) {
    this(breakdowns, clock, WithinBudget.BUDGET, metrics, priming);
  }

  /** With another budget for the lookup: tests against a slow emulator count requests, not time. */
  PointsHandler(PointsBreakdown breakdowns, Clock clock, Duration budget, Metrics metrics) {
    this(breakdowns, clock, budget, metrics, null);
  }

  private PointsHandler(PointsBreakdown breakdowns, Clock clock, Duration budget, Metrics metrics,
      TierPriming priming) {
    this.breakdowns = breakdowns;
    this.clock = clock;
    this.budget = budget;
    this.metrics = metrics;
    this.priming = priming;
  }


  @Override
  protected Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.prime(this);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return new MeasuredRoute(metrics, FUNCTION, ROUTE_KEY, DynamoDbCalls.INTERCEPTOR::count)
        .serve(event, context, m -> handle(event, m));
  }

  private HttpResponse handle(APIGatewayV2HTTPEvent event, Measurement measurement) {
    HttpRequest request = ApiGatewayHttp.request(event, Optional.empty());
    long partnerId;
    PointsQuery query;
    try {
      partnerId = PointsQuery.partnerId(event.getPathParameters());
      measurement.property("partnerId", partnerId);
      if (!Caller.fromEvent(event).mayRead(partnerId)) {
        return HttpResponse.error(403, Caller.refusal(partnerId));
      }
      query = PointsQuery.parse(request.query(), request.header("accept"), clock);
    } catch (PointsQuery.Invalid e) {
      return HttpResponse.error(400, e.getMessage());
    }
    PointsBreakdown.Answer answer;
    try {
      answer = WithinBudget.run(budget,
          () -> breakdowns.answer(partnerId, query.asOf(), clock.instant(), query.source()));
    } catch (StorageUnavailable e) {
      Log.error("points of partner " + partnerId + ": " + e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
      return HttpResponse.error(503, "storage is unavailable; retry shortly").withHeader("retry-after", "1");
    }
    if (answer instanceof PointsBreakdown.Answer.Gone gone) {
      return HttpResponse.error(410, SnapshotBreakdown.gone(partnerId, gone));
    }
    if (answer instanceof PointsBreakdown.Answer.FromSnapshot fromSnapshot) {
      return query.csv()
          ? new HttpResponse(200, Map.of("content-type", CSV), SnapshotBreakdown.csv(fromSnapshot, query))
          : HttpResponse.json(200, SnapshotBreakdown.json(fromSnapshot, query));
    }
    PointsBreakdown.Answer.Live live = (PointsBreakdown.Answer.Live) answer;
    Optional<PartnerBreakdown> found = live.breakdown();
    if (found.isEmpty()) {
      return HttpResponse.error(404, "partner " + partnerId + " is not known");
    }
    PartnerBreakdown breakdown = found.get();
    measurement.count("ClientsEvaluated", breakdown.clients().size());
    List<ClientCredit> clients = breakdown.clients().stream()
        .filter(c -> query.matches(c.clientId(), c.name()))
        .toList();
    if (query.csv()) {
      return new HttpResponse(200, Map.of("content-type", CSV), BreakdownCsv.of(clients));
    }
    return HttpResponse.json(200, BreakdownJson.of(breakdown, clients, live.source(), live.changesUntil()));
  }
}
