package com.partnercredit.tier;

import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.http.HttpRequest;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.http.MeasuredRoute;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.log.Log;
import com.partnercredit.store.StorageUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code GET /partners/{partnerId}/history}: the partner's daily snapshots (docs/api.md section 4).
 *
 * <p>In order, as the breakdown: the path's partner id (400), the caller's claims (403, the
 * breakdown's authorization), the query (400 for a bad {@code from}, {@code to} or range, before
 * anything is looked up), then the days as JSON or CSV; 503 with {@code Retry-After} when DynamoDB
 * fails or the lookup outlasts its budget. A partner without snapshots has no days: 200 with an
 * empty list (the snapshots alone cannot tell an unknown partner from one never published).
 */
public final class HistoryHandler
    extends SnapStartHook implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final PointsHistory history;
  private final Clock clock;
  private final Duration budget;
  private final Metrics metrics;
  private final HistoryPriming priming; // null when built from its parts (tests)
  static final String ROUTE_KEY = "GET /partners/{partnerId}/history";

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public HistoryHandler() {
    this(DaggerHistoryComponent.create().handler());
    register();
  }

  private HistoryHandler(HistoryHandler built) {
    this(built.history, built.clock, built.budget, built.metrics, built.priming);
  }

  @Inject
  HistoryHandler(PointsHistory history, Clock clock, Metrics metrics, HistoryPriming priming) {
    this(history, clock, WithinBudget.BUDGET, metrics, priming);
  }

  HistoryHandler(PointsHistory history, Clock clock, Duration budget) {
    this(history, clock, budget, measurement -> {});
  }

  HistoryHandler(PointsHistory history, Clock clock, Duration budget, Metrics metrics) {
    this(history, clock, budget, metrics, null);
  }

  private HistoryHandler(PointsHistory history, Clock clock, Duration budget, Metrics metrics,
      HistoryPriming priming) {
    this.history = history;
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
    return new MeasuredRoute(metrics, PointsHandler.FUNCTION, ROUTE_KEY, DynamoDbCalls.INTERCEPTOR::count)
        .serve(event, context, m -> handle(event, m));
  }

  HttpResponse handle(APIGatewayV2HTTPEvent event) {
    return handle(event, Measurement.request(PointsHandler.FUNCTION, ROUTE_KEY));
  }

  private HttpResponse handle(APIGatewayV2HTTPEvent event, Measurement measurement) {
    HttpRequest request = ApiGatewayHttp.request(event, Optional.empty());
    long partnerId;
    HistoryQuery query;
    try {
      partnerId = PointsQuery.partnerId(event.getPathParameters());
      measurement.property("partnerId", partnerId);
      if (!Caller.fromEvent(event).mayRead(partnerId)) {
        return HttpResponse.error(403, Caller.refusal(partnerId));
      }
      query = HistoryQuery.parse(request.query(), request.header("accept"), clock);
    } catch (PointsQuery.Invalid e) {
      return HttpResponse.error(400, e.getMessage());
    }
    List<PointsHistory.Day> days;
    try {
      days = WithinBudget.run(budget, () -> history.of(partnerId, query.from(), query.to()));
    } catch (StorageUnavailable e) {
      Log.error("history of partner " + partnerId + ": " + e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
      return HttpResponse.error(503, "storage is unavailable; retry shortly").withHeader("retry-after", "1");
    }
    measurement.count("Days", days.size());
    if (query.csv()) {
      return new HttpResponse(200, Map.of("content-type", PointsHandler.CSV), HistoryFormats.csv(days));
    }
    return HttpResponse.json(200, HistoryFormats.json(partnerId, query, days));
  }
}
