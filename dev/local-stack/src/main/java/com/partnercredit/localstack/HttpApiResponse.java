package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What API Gateway makes of a function's result (payload format 2.0): a JSON object with
 * {@code statusCode} is used as it says ({@code headers}, {@code multiValueHeaders},
 * {@code cookies}, {@code body}, base64-decoded when {@code isBase64Encoded}); any other valid JSON
 * becomes a 200 {@code application/json} response with that JSON as the body.
 */
public record HttpApiResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {

  public static HttpApiResponse json(int status, String json) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", List.of("application/json"));
    return new HttpApiResponse(status, headers, json.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpApiResponse fromFunctionResult(String resultJson) throws IOException {
    Object result = JSON.std.anyFrom(resultJson);
    if (!(result instanceof Map<?, ?> map) || !map.containsKey("statusCode")) {
      return json(200, resultJson);
    }
    int status = ((Number) map.get("statusCode")).intValue();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (map.get("multiValueHeaders") instanceof Map<?, ?> multi) {
      multi.forEach((k, v) -> {
        if (v instanceof List<?> values) {
          values.forEach(value -> add(headers, String.valueOf(k), String.valueOf(value)));
        }
      });
    }
    if (map.get("headers") instanceof Map<?, ?> single) {
      single.forEach((k, v) -> {
        if (v != null) {
          add(headers, String.valueOf(k), String.valueOf(v));
        }
      });
    }
    if (map.get("cookies") instanceof List<?> cookies) {
      cookies.forEach(c -> add(headers, "set-cookie", String.valueOf(c)));
    }
    Object body = map.get("body");
    byte[] bytes = body == null ? new byte[0]
        : Boolean.TRUE.equals(map.get("isBase64Encoded")) ? Base64.getDecoder().decode(String.valueOf(body))
        : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    return new HttpApiResponse(status, headers, bytes);
  }

  private static void add(Map<String, List<String>> headers, String name, String value) {
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
