package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: no route is public by default. The HTTP API's default authorizer is the JWT authorizer,
 * every route belongs to that API, and only the named routes opt out with
 * {@code Auth: Authorizer: NONE}: the two signed webhooks and the dashboard's static page and files.
 */
class TemplateAuthTest {
  private static final Set<String> PUBLIC_ROUTES = Set.of(
      "POST /webhooks/hubspot", "POST /webhooks/assignments", "GET /", "GET /dashboard/{file+}");

  private final Template template = Template.locate();

  @Test
  void theJwtAuthorizerIsTheHttpApisDefault() {
    Map<String, Object> auth = Template.map(
        Template.map(template.resources().get("HttpApi").get("Properties"), "HttpApi").get("Auth"), "HttpApi.Auth");

    assertEquals("PartnerJwt", auth.get("DefaultAuthorizer"));
    assertTrue(Template.map(auth.get("Authorizers"), "Authorizers").containsKey("PartnerJwt"));
  }

  @Test
  void onlyTheWebhooksAndTheDashboardsFilesArePublic() {
    Map<String, String> authorizerByRoute = new TreeMap<>();
    template.resourcesOfType("AWS::Serverless::Function").forEach((id, function) -> {
      Object events = Template.map(function.get("Properties"), id).get("Events");
      if (events == null) {
        return;
      }
      Template.map(events, id + ".Events").forEach((name, event) -> {
        Map<String, Object> e = Template.map(event, name);
        if (!"HttpApi".equals(e.get("Type"))) {
          return;
        }
        Map<String, Object> p = Template.map(e.get("Properties"), name);
        // a route of an implicit API would not get the default authorizer
        assertEquals(Map.of("Ref", "HttpApi"), p.get("ApiId"), id + "." + name + " belongs to HttpApi");
        Object auth = p.get("Auth");
        String authorizer = auth == null ? "(default)" : (String) Template.map(auth, name).get("Authorizer");
        authorizerByRoute.put(p.get("Method") + " " + p.get("Path"), authorizer);
      });
    });

    Map<String, String> publicRoutes = new TreeMap<>(authorizerByRoute);
    publicRoutes.values().removeIf(authorizer -> !"NONE".equals(authorizer));
    assertEquals(new TreeMap<>(PUBLIC_ROUTES.stream().collect(java.util.stream.Collectors.toMap(r -> r, r -> "NONE"))),
        publicRoutes, "every route: " + authorizerByRoute);
    authorizerByRoute.forEach((route, authorizer) -> assertTrue(
        Set.of("NONE", "(default)", "PartnerJwt").contains(authorizer), route + " names " + authorizer));
    assertTrue(authorizerByRoute.keySet().containsAll(Set.of(
        "GET /partners/{partnerId}/points", "GET /partners/{partnerId}/history")), authorizerByRoute.toString());
  }
}
