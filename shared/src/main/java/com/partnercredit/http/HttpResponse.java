package com.partnercredit.http;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response: status, headers and a text body. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

  /** A JSON response; {@code body} is a map, list, string, number or boolean tree. */
  public static HttpResponse json(int status, Object body) {
    return new HttpResponse(status, Map.of("content-type", "application/json"), toJson(body));
  }

  /** A JSON error: {@code {"message": "..."}}. The message is for the caller: never a stack trace. */
  public static HttpResponse error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    return json(status, body);
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new HttpResponse(status, Map.copyOf(all), body);
  }

  /** Null values are written ({@code "eventId": null}): a field of the contract is never left out. */
  private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

  public static String toJson(Object value) {
    try {
      return WRITER.asString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
