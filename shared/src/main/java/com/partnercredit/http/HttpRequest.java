package com.partnercredit.http;

import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the functions see it, independent of API Gateway's event classes.
 *
 * @param method upper-case method
 * @param url the full URL as the caller called it ({@code https://host/path?query}), still encoded
 * @param path the path, without the query
 * @param query the query parameters (first value of each)
 * @param headers header names in lower case
 * @param body the body as text (empty when there is none)
 */
public record HttpRequest(
    String method, String url, String path, Map<String, String> query, Map<String, String> headers, String body) {

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
