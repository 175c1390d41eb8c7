package com.partnercredit.localstack;

import com.partnercredit.dashboard.DashboardAssets;
import com.partnercredit.dashboard.SignIn;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the local stack adds for people, beside the template's routes:
 *
 * <ul>
 *   <li>the dashboard's dev sign-in: the template's {@code DashboardFunction} (served at {@code /}
 *       like any other function) is told to offer it, with the demo's partners;
 *   <li>{@code GET /openapi.yaml}: {@code docs/openapi.yaml} as it is on disk (edits show on reload);
 *   <li>{@code GET /swagger-ui}: Swagger UI (from its WebJar, {@code org.webjars:swagger-ui}) on that
 *       document, whose "Try it out" calls this stack.
 * </ul>
 */
final class DeveloperPages {
  /** Settings of the dashboard the local stack owns: the template's values never override them. */
  static final Set<String> OWN_SETTINGS = Set.of(SignIn.DASHBOARD_SIGN_IN, SignIn.DASHBOARD_DEV_PARTNERS);

  private static final String SWAGGER_UI = "/swagger-ui";
  /** The files of Swagger UI's WebJar this page loads; nothing else of the jar is served. */
  private static final Map<String, String> SWAGGER_FILES = Map.of(
      "swagger-ui.css", "text/css; charset=utf-8",
      "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
      "favicon-32x32.png", "image/png");

  private DeveloperPages() {}

  /** Before the functions are created: the dashboard offers the dev sign-in, with the demo's partners. */
  static void configureDashboard() {
    System.setProperty(SignIn.DASHBOARD_SIGN_IN, SignIn.DEV);
    System.setProperty(SignIn.DASHBOARD_DEV_PARTNERS, DemoSeed.DEMO_PARTNER + "=Demo Agency;" + DemoSeed.OTHER_PARTNER
        + "=Northwind Partners");
  }

  /** Adds {@code /openapi.yaml} and {@code /swagger-ui}; {@code root} holds {@code docs/openapi.yaml}. */
  static void addTo(LocalStack stack, Path root) {
    Path openApi = root.resolve("docs").resolve("openapi.yaml");
    String version = DashboardAssets.webJarVersion("org.webjars", "swagger-ui");
    String prefix = "META-INF/resources/webjars/swagger-ui/" + version + "/";
    stack.addRoute("GET", "/openapi.yaml", (request, match) -> {
      if (!Files.isRegularFile(openApi)) {
        return HttpApiResponse.json(404, "{\"message\":\"" + openApi + " is missing\"}");
      }
      return text(200, "application/yaml; charset=utf-8", Files.readString(openApi));
    });
    stack.addRoute("GET", SWAGGER_UI, (request, match) -> text(200, "text/html; charset=utf-8", swaggerPage()));
    stack.addRoute("GET", SWAGGER_UI + "/{file+}", (request, match) -> {
      String file = match.pathParameters().get("file");
      if (file.equals("init.js")) {
        return text(200, "text/javascript; charset=utf-8", SWAGGER_INIT);
      }
      String type = SWAGGER_FILES.get(file);
      if (type == null) {
        return HttpApiResponse.json(404, "{\"message\":\"Not Found\"}");
      }
      try (InputStream in = DeveloperPages.class.getClassLoader().getResourceAsStream(prefix + file)) {
        if (in == null) {
          return HttpApiResponse.json(404, "{\"message\":\"Not Found\"}");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of(type));
        headers.put("cache-control", List.of("public, max-age=3600"));
        return new HttpApiResponse(200, headers, in.readAllBytes());
      }
    });
  }

  /** The banner's lines: where the page and the API's description are. */
  static List<String> bannerLines(URI baseUrl) {
    return List.of(
        "  dashboard " + baseUrl + "/   (dev sign-in: partner " + DemoSeed.DEMO_PARTNER + " is the demo's Demo Agency)",
        "  API docs  " + baseUrl + SWAGGER_UI + "   (Swagger UI on " + baseUrl + "/openapi.yaml)");
  }

  private static HttpApiResponse text(int status, String type, String body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", List.of(type));
    headers.put("cache-control", List.of("no-cache"));
    return new HttpApiResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String swaggerPage() {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>partner-credit API (OpenAPI)</title>\n"
        + "<link rel=\"icon\" href=\"" + SWAGGER_UI + "/favicon-32x32.png\">\n"
        + "<link rel=\"stylesheet\" href=\"" + SWAGGER_UI + "/swagger-ui.css\">\n</head>\n<body>\n"
        + "<div id=\"swagger-ui\"></div>\n"
        + "<script src=\"" + SWAGGER_UI + "/swagger-ui-bundle.js\"></script>\n"
        + "<script src=\"" + SWAGGER_UI + "/init.js\"></script>\n</body>\n</html>\n";
  }

  private static final String SWAGGER_INIT = "window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui',"
      + " deepLinking: true, presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout' });\n";

}
