package com.partnercredit.dashboard;

import com.partnercredit.wiring.SnapStartHook;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.http.MeasuredRoute;
import com.partnercredit.metrics.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/**
 * {@code GET /} and {@code GET /dashboard/{file+}}: the dashboard page (docs/api.md section 8) and
 * what it loads, plus {@code dashboard/config.json}, how it signs in ({@link SignIn}). The page is
 * static; it calls the public routes with the user's bearer token, from the same origin, so the API
 * needs no CORS. Every answer carries headers that keep it from being framed or sniffed and HTTPS
 * only (HSTS, as every answer of the API: {@link ApiGatewayHttp#response}); the page carries a
 * Content-Security-Policy that allows only its own scripts and styles, and requests to itself and
 * the issuer only.
 */
public final class DashboardHandler
    extends SnapStartHook implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final String CONFIG = "config.json";

  private final DashboardAssets assets;
  private final SignIn signIn;
  private final Metrics metrics;
  static final String FUNCTION = "dashboard";
  static final String PAGE_ROUTE = "GET /";
  static final String FILE_ROUTE = "GET /dashboard/{file+}";

  /** Called once by Lambda at init: reads every asset, and registers the SnapStart hook. */
  public DashboardHandler() {
    this(DaggerDashboardComponent.create().handler());
    register();
  }

  /**
   * Serves the page, its script and the sign-in settings once, so that their first request costs
   * what a warm one does. No AWS call is made.
   */
  @Override
  protected String prime() {
    long started = System.nanoTime();
    Map<String, Object> steps = new LinkedHashMap<>();
    steps.put("page", handle(get(null)).status());
    steps.put("config", handle(get(CONFIG)).status());
    steps.put("script", handle(get("app.js")).status());
    // the same report line as the functions that call AWS (0 requests answered by a dry run)
    return "Report[steps=" + steps + ", answeredByDryRun=0, millis=" + (System.nanoTime() - started) / 1_000_000 + "]";
  }

  private static APIGatewayV2HTTPEvent get(String file) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(file == null ? "/" : "/dashboard/" + file)
        .withPathParameters(file == null ? null : Map.of("file", file))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build()).build())
        .build();
  }

  private DashboardHandler(DashboardHandler built) {
    this(built.assets, built.signIn, built.metrics);
  }

  DashboardHandler(DashboardAssets assets, SignIn signIn) {
    this(assets, signIn, measurement -> {});
  }

  @Inject
  DashboardHandler(DashboardAssets assets, SignIn signIn, Metrics metrics) {
    this.assets = assets;
    this.signIn = signIn;
    this.metrics = metrics;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    boolean page = event.getPathParameters() == null || event.getPathParameters().get("file") == null;
    return new MeasuredRoute(metrics, FUNCTION, page ? PAGE_ROUTE : FILE_ROUTE).serve(event, context, m -> handle(event));
  }

  HttpResponse handle(APIGatewayV2HTTPEvent event) {
    String file = event.getPathParameters() == null ? null : event.getPathParameters().get("file");
    if (file == null) {
      return asset(assets.page(), true);
    }
    if (file.equals(CONFIG)) {
      return secured(HttpResponse.json(200, signIn.json()).withHeader("cache-control", "no-cache"), false);
    }
    return assets.find(file)
        .map(asset -> asset(asset, false))
        .orElseGet(() -> secured(HttpResponse.error(404, "no such file: /dashboard/" + echo(file)), false));
  }

  private HttpResponse asset(DashboardAssets.Asset asset, boolean page) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", asset.contentType());
    headers.put("cache-control", asset.cacheControl());
    return secured(new HttpResponse(200, Map.copyOf(headers), asset.body()), page);
  }

  private HttpResponse secured(HttpResponse response, boolean page) {
    HttpResponse secured = response
        .withHeader(ApiGatewayHttp.STRICT_TRANSPORT_SECURITY, ApiGatewayHttp.HSTS)
        .withHeader("x-content-type-options", "nosniff")
        .withHeader("referrer-policy", "no-referrer")
        .withHeader("x-frame-options", "DENY");
    return page ? secured.withHeader("content-security-policy", signIn.contentSecurityPolicy()) : secured;
  }

  private static String echo(String raw) {
    return raw.length() <= 200 ? raw : raw.substring(0, 200) + "...";
  }
}
