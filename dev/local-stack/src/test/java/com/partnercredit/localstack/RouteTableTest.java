package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private final RouteTable<String> routes = new RouteTable<String>()
      .add("GET", "/partners/{partnerId}/points", "points")
      .add("POST", "/webhooks/hubspot", "hubspot")
      .add("ANY", "/partners/{partnerId}/{rest+}", "greedy")
      .add("GET", "/partners/111/points", "literal");

  @Test
  void pathParametersAreExtractedAndDecoded() {
    var match = routes.match("GET", "/partners/2%2F2/points").orElseThrow();

    assertEquals("points", match.target());
    assertEquals("GET /partners/{partnerId}/points", match.routeKey());
    assertEquals(Map.of("partnerId", "2/2"), match.pathParameters());
  }

  @Test
  void aLiteralRouteBeatsAParameterRoute() {
    assertEquals("literal", routes.match("GET", "/partners/111/points").orElseThrow().target());
  }

  @Test
  void greedyParameterTakesTheRestAndLosesToSpecificRoutes() {
    var match = routes.match("DELETE", "/partners/7/a/b").orElseThrow();

    assertEquals("greedy", match.target());
    assertEquals(Map.of("partnerId", "7", "rest", "a/b"), match.pathParameters());
    assertEquals("points", routes.match("GET", "/partners/7/points").orElseThrow().target());
  }

  @Test
  void methodMustMatchAndUnknownPathsDoNotMatch() {
    assertTrue(routes.match("GET", "/webhooks/hubspot").isEmpty());
    assertTrue(routes.match("POST", "/webhooks").isEmpty());
    assertTrue(routes.match("POST", "/webhooks/hubspot/extra").isEmpty());
    assertEquals("hubspot", routes.match("post", "/webhooks/hubspot").orElseThrow().target());
  }

  @Test
  void defaultRouteCatchesTheRestOnly() {
    RouteTable<String> withDefault = new RouteTable<String>().add("ANY", RouteTable.DEFAULT, "default")
        .add("POST", "/webhooks/hubspot", "hubspot");

    assertEquals("hubspot", withDefault.match("POST", "/webhooks/hubspot").orElseThrow().target());
    var fallback = withDefault.match("GET", "/anything").orElseThrow();
    assertEquals("default", fallback.target());
    assertEquals("$default", fallback.routeKey());
  }
}
