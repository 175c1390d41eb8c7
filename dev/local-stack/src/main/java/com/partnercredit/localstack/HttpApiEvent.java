package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API Gateway HTTP API payload format 2.0 event, built the way AWS builds it: header names
 * lower-cased and repeated values joined with commas, the {@code Cookie} header moved to
 * {@code cookies}, query parameters decoded (repeats joined with commas), empty collections and an
 * empty body left out. A bearer token's claims go where the HTTP API's JWT authorizer puts them
 * ({@code requestContext.authorizer.jwt.claims}), read without verifying the signature: locally
 * any token is trusted, as docs/api.md section 7 says.
 */
public final class HttpApiEvent {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /**
   * What the HTTP request was.
   *
   * @param headers header name → values, names in any case
   * @param rawQueryString without the {@code ?}, still encoded; empty when none
   * @param domainName {@code host:port} the request reached
   */
  public record Request(String method, String rawPath, String rawQueryString, Map<String, List<String>> headers,
      String body, String sourceIp, String protocol, String domainName) {}

  private HttpApiEvent() {}

  /** The event as a JSON-ready map, in AWS's field order. */
  public static Map<String, Object> build(Request request, String routeKey, Map<String, String> pathParameters,
      String requestId, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> cookies = new ArrayList<>();
    request.headers().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("cookie")) {
        for (String value : values) {
          for (String cookie : value.split(";")) {
            if (!cookie.isBlank()) {
              cookies.add(cookie.trim());
            }
          }
        }
        return;
      }
      headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
    });
    headers.putIfAbsent("x-forwarded-for", request.sourceIp());
    String port = request.domainName().contains(":")
        ? request.domainName().substring(request.domainName().lastIndexOf(':') + 1) : "80";
    headers.putIfAbsent("x-forwarded-port", port);
    headers.putIfAbsent("x-forwarded-proto", "http");

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", routeKey);
    event.put("rawPath", request.rawPath());
    event.put("rawQueryString", request.rawQueryString() == null ? "" : request.rawQueryString());
    if (!cookies.isEmpty()) {
      event.put("cookies", cookies);
    }
    event.put("headers", headers);
    Map<String, String> query = queryParameters(request.rawQueryString());
    if (!query.isEmpty()) {
      event.put("queryStringParameters", query);
    }
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", request.method());
    http.put("path", request.rawPath());
    http.put("protocol", request.protocol());
    http.put("sourceIp", request.sourceIp());
    http.put("userAgent", headers.getOrDefault("user-agent", ""));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("accountId", "123456789012");
    context.put("apiId", "local");
    context.put("domainName", request.domainName());
    context.put("domainPrefix", request.domainName().split("[.:]")[0]);
    context.put("http", http);
    Map<String, String> claims = bearerClaims(headers.get("authorization"));
    if (claims != null) {
      context.put("authorizer", Map.of("jwt", Map.of("claims", claims)));
    }
    context.put("requestId", requestId);
    context.put("routeKey", routeKey);
    context.put("stage", "$default");
    context.put("time", TIME.format(now));
    context.put("timeEpoch", now.toEpochMilli());
    event.put("requestContext", context);
    if (!pathParameters.isEmpty()) {
      event.put("pathParameters", pathParameters);
    }
    if (request.body() != null && !request.body().isEmpty()) {
      event.put("body", request.body());
    }
    event.put("isBase64Encoded", false);
    return event;
  }

  /**
   * The claims of a {@code Bearer <header>.<payload>.<signature>} token, unverified, each value as
   * API Gateway passes it: strings as they are, numbers and booleans as text, arrays as
   * {@code [a b]}. Null when there is no bearer token or its payload is not a JSON object.
   */
  static Map<String, String> bearerClaims(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String[] parts = authorization.substring(7).trim().split("\\.");
    if (parts.length < 2) {
      return null;
    }
    Map<String, Object> payload;
    try {
      payload = JSON.std.mapFrom(new String(Base64.getUrlDecoder().decode(parts[1].replace("=", "")), StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException notAToken) {
      return null;
    }
    if (payload == null) {
      return null;
    }
    Map<String, String> claims = new LinkedHashMap<>();
    payload.forEach((name, value) -> {
      if (value instanceof List<?> list) {
        claims.put(name, "[" + String.join(" ", list.stream().map(String::valueOf).toList()) + "]");
      } else if (value != null) {
        claims.put(name, String.valueOf(value));
      }
    });
    return claims;
  }

  static Map<String, String> queryParameters(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.merge(name, value, (a, b) -> a + "," + b);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s;
    }
  }
}
