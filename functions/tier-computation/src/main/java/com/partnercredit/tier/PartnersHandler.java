package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.http.HttpRequest;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.http.MeasuredRoute;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code GET /partners} and {@code GET /partners/tiers}: the program view for administrators
 * (docs/api.md). In order: the admin right (403), the query (400, naming the parameter), then
 * the read (503 when DynamoDB fails, the budget runs out, or the read model has no progress yet).
 */
public final class PartnersHandler
    extends SnapStartHook implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final String LIST_ROUTE = "GET /partners";
  static final String TIERS_ROUTE = "GET /partners/tiers";

  private final ProgramView view;
  private final Clock clock;
  private final Duration budget;
  private final Metrics metrics;
  private final PartnersPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public PartnersHandler() {
    this(DaggerPartnersComponent.create().handler());
    register();
  }

  private PartnersHandler(PartnersHandler built) {
    this(built.view, built.clock, built.budget, built.metrics, built.priming);
  }

  @Inject
  PartnersHandler(ProgramView view, Clock clock, Metrics metrics, PartnersPriming priming) {
    this(view, clock, WithinBudget.BUDGET, metrics, priming);
  }

  PartnersHandler(ProgramView view, Clock clock, Duration budget, Metrics metrics) {
    this(view, clock, budget, metrics, null);
  }

  private PartnersHandler(ProgramView view, Clock clock, Duration budget, Metrics metrics, PartnersPriming priming) {
    this.view = view;
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
    boolean tiers = isTiers(event);
    String route = tiers ? TIERS_ROUTE : LIST_ROUTE;
    return new MeasuredRoute(metrics, PointsHandler.FUNCTION, route, DynamoDbCalls.INTERCEPTOR::count).serve(event, context, m -> tiers ? tiers(event) : list(event, m));
  }

  private static boolean isTiers(APIGatewayV2HTTPEvent event) {
    String path = event.getRawPath();
    return TIERS_ROUTE.equals(event.getRouteKey()) || (path != null && path.endsWith("/partners/tiers"));
  }

  private static Optional<HttpResponse> refused(APIGatewayV2HTTPEvent event) {
    return Caller.fromEvent(event).isAdmin()
        ? Optional.empty()
        : Optional.of(HttpResponse.error(403, "listing partners needs scope points:admin"));
  }

  private HttpResponse list(APIGatewayV2HTTPEvent event, Measurement measurement) {
    Optional<HttpResponse> refusal = refused(event);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    HttpRequest request = ApiGatewayHttp.request(event, Optional.empty());
    ProgramView.Listing listing;
    PartnersQuery query;
    try {
      query = PartnersQuery.parse(request.query(), request.header("accept"));
      listing = WithinBudget.run(budget, () -> {
        try {
          return view.list(query, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        } catch (ProgramView.NotReady e) {
          throw new NotReady(e);
        }
      });
    } catch (PointsQuery.Invalid e) {
      return HttpResponse.error(400, e.getMessage());
    } catch (NotReady e) {
      Log.error("partners: " + e.getCause().getMessage());
      return unavailable(e.getCause().getMessage(), "5");
    } catch (StorageUnavailable e) {
      Log.error("partners: " + e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
      return unavailable("storage is unavailable; retry shortly", "1");
    }
    measurement.count("PartnersListed", listing.rows().size());
    if (query.csv()) {
      return new HttpResponse(200, Map.of("content-type", PointsHandler.CSV), PartnersFormats.csv(listing));
    }
    return HttpResponse.json(200, PartnersFormats.json(listing));
  }

  private HttpResponse tiers(APIGatewayV2HTTPEvent event) {
    Optional<HttpResponse> refusal = refused(event);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    HttpRequest request = ApiGatewayHttp.request(event, Optional.empty());
    try {
      HistoryQuery range = HistoryQuery.parse(request.query(), null, clock);
      return HttpResponse.json(200, PartnersFormats.tiers(
          WithinBudget.run(budget, () -> view.tiers(range.from(), range.to()))));
    } catch (PointsQuery.Invalid e) {
      return HttpResponse.error(400, e.getMessage());
    } catch (StorageUnavailable e) {
      Log.error("partner tiers: " + e + (e.getCause() == null ? "" : " caused by " + e.getCause()));
      return unavailable("storage is unavailable; retry shortly", "1");
    }
  }

  private static HttpResponse unavailable(String message, String retryAfter) {
    return HttpResponse.error(503, message).withHeader("retry-after", retryAfter);
  }

  /** Carries NotReady out of the budgeted read, which may throw only StorageUnavailable. */
  private static final class NotReady extends RuntimeException {
    NotReady(ProgramView.NotReady cause) {
      super(cause);
    }
  }
}
