package com.partnercredit.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.testsupport.EmfSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page, its files and its sign-in settings, as the two routes of the HTTP API answer them. */
class DashboardHandlerTest {
  private static final DashboardAssets ASSETS = new DashboardAssets();
  private static final SignIn DEV = SignIn.from(Map.of("DASHBOARD_SIGN_IN", "dev",
      "DASHBOARD_DEV_PARTNERS", "111=Demo Agency;112=Northwind Partners")::get);
  private static final SignIn PKCE = SignIn.from(Map.of("JWT_ISSUER", "https://issuer.example.com/pool/",
      "DASHBOARD_CLIENT_ID", "client-1", "DASHBOARD_SCOPES", "openid profile")::get);

  private static APIGatewayV2HTTPEvent get(String file) {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath(file == null ? "/" : "/dashboard/" + file)
        .withRouteKey(file == null ? "GET /" : "GET /dashboard/{file+}")
        .withPathParameters(file == null ? null : Map.of("file", file))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build()).build())
        .build();
  }

  @Test
  void eachRequestWritesOneMeasurementOfItsRoute() throws Exception {
    List<Measurement> measured = new ArrayList<>();
    DashboardHandler handler = new DashboardHandler(ASSETS, DEV, measured::add);

    assertEquals(200, handler.handleRequest(get(null), null).getStatusCode());
    assertEquals(404, handler.handleRequest(get("nothing.js"), null).getStatusCode());

    assertEquals(2, measured.size());
    List<String> lines = new ArrayList<>();
    measured.forEach(m -> new EmfMetrics("PartnerCredit/dashboard-test", lines::add, Clock.systemUTC()).emit(m));
    Map<String, Object> page = JSON.std.mapFrom(lines.get(0));
    Map<String, Object> missing = JSON.std.mapFrom(lines.get(1));
    assertEquals(List.of(), EmfSpec.violations(page), page.toString());
    assertEquals("GET /", page.get("Route"));
    assertEquals("ok", page.get("outcome"));
    assertEquals("GET /dashboard/{file+}", missing.get("Route"));
    assertEquals("not_found", missing.get("outcome"));
    assertFalse(page.containsKey("DynamoDbRequests"), "the page calls no AWS service");
  }

  @Test
  void theRootIsThePageWithAPolicyThatAllowsOnlyItsOwnScripts() {
    HttpResponse page = new DashboardHandler(ASSETS, DEV).handle(get(null));

    assertEquals(200, page.status());
    assertEquals("text/html; charset=utf-8", page.headers().get("content-type"));
    assertTrue(page.body().contains("<title>"), page.body());
    String policy = page.headers().get("content-security-policy");
    assertTrue(policy.contains("script-src 'self'") && policy.contains("connect-src 'self';"), policy);
    assertFalse(policy.contains("unsafe-inline"), policy);
    assertEquals("nosniff", page.headers().get("x-content-type-options"));
    assertEquals("DENY", page.headers().get("x-frame-options"));
  }

  @Test
  void everyScriptAndStylesheetThePageLoadsIsServedFromThisFunction() {
    DashboardHandler handler = new DashboardHandler(ASSETS, DEV);
    String page = handler.handle(get(null)).body();
    Matcher refs = Pattern.compile("(?:src|href)=\"(dashboard/[^\"]+)\"").matcher(page);
    int found = 0;
    while (refs.find()) {
      String file = refs.group(1).substring("dashboard/".length());
      HttpResponse asset = handler.handle(get(file));
      assertEquals(200, asset.status(), file);
      assertFalse(asset.body().isEmpty(), file);
      found++;
    }
    assertEquals(4, found, "app.js, app.css and uPlot's script and styles");
    assertFalse(page.contains("http://") || page.contains("https://"), "no CDN, no other origin");
  }

  @Test
  void uPlotComesFromItsWebJar() {
    HttpResponse uplot = new DashboardHandler(ASSETS, DEV).handle(get("vendor/uPlot.iife.min.js"));

    assertEquals("1.6.30", ASSETS.uplotVersion());
    assertEquals("text/javascript; charset=utf-8", uplot.headers().get("content-type"));
    assertTrue(uplot.body().contains("uPlot"), "the library itself");
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing.js", "../index.html", "dashboard/index.html", "META-INF/MANIFEST.MF",
      "vendor/../../com/partnercredit/dashboard/DashboardHandler.class", "index.html"})
  void anythingElseIs404(String file) throws Exception {
    HttpResponse response = new DashboardHandler(ASSETS, DEV).handle(get(file));

    assertEquals(404, response.status(), file);
    assertTrue(JSON.std.mapFrom(response.body()).get("message").toString().startsWith("no such file"));
  }

  @Test
  void configTellsTheLocalStacksPageToOfferTheDevSignIn() throws Exception {
    HttpResponse config = new DashboardHandler(ASSETS, DEV).handle(get("config.json"));

    Map<String, Object> json = JSON.std.mapFrom(config.body());
    assertEquals("dev", json.get("signIn"));
    assertEquals(List.of(Map.of("partnerId", 111, "name", "Demo Agency"), Map.of("partnerId", 112, "name",
        "Northwind Partners")), json.get("devPartners"));
    assertEquals("no-cache", config.headers().get("cache-control"));
  }

  @Test
  void deployedThePageSignsInWithPkceAgainstTheIssuer() throws Exception {
    DashboardHandler handler = new DashboardHandler(ASSETS, PKCE);

    Map<String, Object> json = JSON.std.mapFrom(handler.handle(get("config.json")).body());
    String policy = handler.handle(get(null)).headers().get("content-security-policy");

    assertEquals("pkce", json.get("signIn"));
    assertEquals("https://issuer.example.com/pool", json.get("issuer"), "no trailing slash: discovery is appended");
    assertEquals("client-1", json.get("clientId"));
    assertEquals("openid profile", json.get("scope"));
    assertTrue(policy.contains("connect-src 'self' https://issuer.example.com;"),
        "requests to the page's own origin and the issuer's only, no other https origin: " + policy);
    assertEquals(null, json.get("tokenEndpoint"));
  }

  @Test
  void aTokenEndpointOnAnotherOriginIsTheOnlyOtherOriginThePageMayCall() throws Exception {
    DashboardHandler handler = new DashboardHandler(ASSETS, SignIn.from(Map.of(
        "JWT_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc",
        "DASHBOARD_CLIENT_ID", "client-1",
        "DASHBOARD_TOKEN_ENDPOINT", "https://partners.auth.eu-west-1.amazoncognito.com/oauth2/token")::get));

    String policy = handler.handle(get(null)).headers().get("content-security-policy");
    Map<String, Object> json = JSON.std.mapFrom(handler.handle(get("config.json")).body());

    assertTrue(policy.contains("connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com "
        + "https://partners.auth.eu-west-1.amazoncognito.com;"), policy);
    assertFalse(policy.contains("https:;") || policy.contains("https: "), "no scheme-wide source: " + policy);
    assertEquals("https://partners.auth.eu-west-1.amazoncognito.com/oauth2/token", json.get("tokenEndpoint"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "config.json", "app.js", "no-such-file.js"})
  void everyAnswerAsDeployedIsHttpsOnlyForAYearWithSubdomains(String file) {
    var response = new DashboardHandler(ASSETS, PKCE).handleRequest(get(file.isEmpty() ? null : file), null);

    assertEquals("max-age=31536000; includeSubDomains", response.getHeaders().get("strict-transport-security"),
        file + " answered " + response.getStatusCode());
  }
}
