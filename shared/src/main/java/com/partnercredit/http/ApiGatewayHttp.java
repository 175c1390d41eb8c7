package com.partnercredit.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Converts API Gateway HTTP API (payload 2.0) events to {@link HttpRequest}s and back. */
public final class ApiGatewayHttp {
  /**
   * HTTPS only, for a year, subdomains included: on every answer of every route (docs/api.md,
   * "Every answer"). A browser ignores it on plain HTTP (RFC 6797), so the local stack is unaffected.
   */
  public static final String STRICT_TRANSPORT_SECURITY = "strict-transport-security";
  public static final String HSTS = "max-age=31536000; includeSubDomains";

  private ApiGatewayHttp() {}

  /**
   * The request as the caller sent it. The URL's scheme and host come from {@code publicBaseUrl}
   * when configured (custom domains and proxies change the host), else from the host API Gateway
   * received the request on.
   *
   * <p>{@code publicBaseUrl} may carry a path prefix ({@code https://api.example.com/credit}): a
   * custom domain's API mapping key, a stage, or a prefix a proxy strips. The URL is the one
   * HubSpot called: when the path API Gateway gives already starts with the prefix (a mapping key
   * or stage is part of {@code rawPath}) it is the base's origin + that path; else (a proxy
   * stripped it) the base + the path. See {@link #url}.
   */
  public static HttpRequest request(APIGatewayV2HTTPEvent event, Optional<String> publicBaseUrl) {
    Map<String, String> headers = new HashMap<>();
    if (event.getHeaders() != null) {
      event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    }
    var context = event.getRequestContext();
    String method = context != null && context.getHttp() != null && context.getHttp().getMethod() != null
        ? context.getHttp().getMethod().toUpperCase(Locale.ROOT)
        : "GET";
    String path = event.getRawPath() == null ? "/" : event.getRawPath();
    String rawQuery = event.getRawQueryString();
    String base = publicBaseUrl.orElseGet(() -> "https://" + host(event, headers));
    String url = url(base, path) + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    String body = event.getBody() == null ? "" : event.getBody();
    if (event.getIsBase64Encoded() && !body.isEmpty()) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    Map<String, String> query = event.getQueryStringParameters() == null
        ? Map.of()
        : Map.copyOf(event.getQueryStringParameters());
    return new HttpRequest(method, url, path, query, Map.copyOf(headers), body);
  }

  /** API Gateway's id of the request (what its access logs and a caller's report name), or null. */
  public static String requestId(APIGatewayV2HTTPEvent event) {
    return event == null || event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
  }

  /** {@code base} (no trailing slash) and the request's {@code path}, its prefix not repeated. */
  static String url(String base, String path) {
    int scheme = base.indexOf("://");
    int pathStart = scheme < 0 ? -1 : base.indexOf('/', scheme + 3);
    if (pathStart < 0) {
      return base + path;
    }
    String prefix = base.substring(pathStart);
    if (path.equals(prefix) || path.startsWith(prefix + "/")) {
      return base.substring(0, pathStart) + path;
    }
    return base + path;
  }

  private static String host(APIGatewayV2HTTPEvent event, Map<String, String> headers) {
    if (event.getRequestContext() != null && event.getRequestContext().getDomainName() != null) {
      return event.getRequestContext().getDomainName();
    }
    return headers.getOrDefault("host", "localhost");
  }

  /** The answer to API Gateway, with {@link #HSTS} added. */
  public static APIGatewayV2HTTPResponse response(HttpResponse response) {
    Map<String, String> headers = new HashMap<>(response.headers());
    headers.putIfAbsent(STRICT_TRANSPORT_SECURITY, HSTS);
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(headers)
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
  }
}
