package com.partnercredit.localstack;

import com.partnercredit.testsupport.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The template's {@code AWS::Serverless::Function}s: handler, plain environment values and HTTP API routes. */
public final class TemplateFunctions {

  /**
   * One function.
   *
   * @param logicalId the template's logical id (also the folder name under {@code events/})
   * @param handler {@code class::method}
   * @param environment the plain-string {@code Environment.Variables} (Globals, then the function's);
   *     intrinsic-function values are left out
   * @param routes its {@code HttpApi} events
   * @param timeoutSeconds {@code Timeout} (default 3, as Lambda)
   * @param memoryMb {@code MemorySize} (default 128, as Lambda)
   */
  public record Function(String logicalId, String handler, Map<String, String> environment,
      List<HttpRoute> routes, int timeoutSeconds, int memoryMb) {}

  /** An {@code HttpApi} event: method ({@code ANY} when absent) and path ({@code $default} when absent). */
  public record HttpRoute(String method, String path) {
    public String routeKey() {
      return path.equals(RouteTable.DEFAULT) ? RouteTable.DEFAULT : method + " " + path;
    }
  }

  private TemplateFunctions() {}

  /** Every function of the template, in template order. */
  public static List<Function> read(Template template) {
    Map<String, Object> globals = template.globals("Function");
    List<Function> out = new ArrayList<>();
    template.resourcesOfType("AWS::Serverless::Function").forEach((id, resource) -> {
      Map<String, Object> props = resource.get("Properties") == null ? Map.of() : map(resource.get("Properties"));
      Object handler = props.getOrDefault("Handler", globals.get("Handler"));
      if (!(handler instanceof String h) || h.isBlank()) {
        throw new IllegalStateException(id + " has no plain Handler in the template");
      }
      Map<String, String> env = new LinkedHashMap<>();
      plainVariables(globals, env);
      plainVariables(props, env);
      out.add(new Function(id, h.trim(), env, routes(props),
          intOr(props.getOrDefault("Timeout", globals.get("Timeout")), 3),
          intOr(props.getOrDefault("MemorySize", globals.get("MemorySize")), 128)));
    });
    return out;
  }

  private static List<HttpRoute> routes(Map<String, Object> props) {
    List<HttpRoute> routes = new ArrayList<>();
    Object events = props.get("Events");
    if (events == null) {
      return routes;
    }
    map(events).forEach((name, e) -> {
      Map<String, Object> event = map(e);
      if (!"HttpApi".equals(event.get("Type"))) {
        return;
      }
      Map<String, Object> p = event.get("Properties") == null ? Map.of() : map(event.get("Properties"));
      Object path = p.get("Path");
      Object method = p.get("Method");
      routes.add(new HttpRoute(
          method instanceof String m ? m.trim().toUpperCase(Locale.ROOT) : "ANY",
          path instanceof String s ? s.trim() : RouteTable.DEFAULT));
    });
    return routes;
  }

  private static void plainVariables(Map<String, Object> props, Map<String, String> into) {
    if (!(props.get("Environment") instanceof Map<?, ?> environment)) {
      return;
    }
    if (!(environment.get("Variables") instanceof Map<?, ?> variables)) {
      return;
    }
    variables.forEach((k, v) -> {
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        into.put(String.valueOf(k), String.valueOf(v));
      } else {
        into.remove(String.valueOf(k)); // an intrinsic here overrides a plain global
      }
    });
  }

  private static int intOr(Object value, int fallback) {
    return value instanceof Number n ? n.intValue() : fallback;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalStateException("expected a mapping in the template, got " + value);
  }
}
