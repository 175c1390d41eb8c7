package com.partnercredit.localstack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP API routing as API Gateway does it: {@code METHOD /path} with {@code {param}} and greedy
 * {@code {param+}} segments, {@code ANY} methods and the {@code $default} route. The most specific
 * route wins: more literal segments first, then non-greedy, then a named method over {@code ANY}.
 */
public final class RouteTable<T> {

  public static final String DEFAULT = "$default";

  /** A matched route: its target, {@code routeKey} and decoded path parameters. */
  public record Match<T>(T target, String routeKey, Map<String, String> pathParameters) {}

  private record Entry<T>(String method, String path, String[] segments, T target) {
    boolean isDefault() {
      return path.equals(DEFAULT);
    }

    boolean greedy() {
      return segments.length > 0 && segments[segments.length - 1].endsWith("+}");
    }

    int literals() {
      int n = 0;
      for (String s : segments) {
        if (!s.startsWith("{")) {
          n++;
        }
      }
      return n;
    }

    String routeKey() {
      return isDefault() ? DEFAULT : method + " " + path;
    }
  }

  private final List<Entry<T>> entries = new ArrayList<>();

  /** Adds {@code method path → target}; {@code method} {@code ANY} matches every method. */
  public synchronized RouteTable<T> add(String method, String path, T target) {
    for (Entry<T> e : entries) {
      if (e.method.equals(method) && e.path.equals(path)) {
        throw new IllegalStateException("route " + e.routeKey() + " is defined twice");
      }
    }
    entries.add(new Entry<>(method, path, segments(path), target));
    entries.sort(Comparator.<Entry<T>, Boolean>comparing(Entry::isDefault)
        .thenComparing(Entry::greedy)
        .thenComparing(Comparator.comparingInt((Entry<T> e) -> e.literals()).reversed())
        .thenComparing(e -> e.method.equals("ANY")));
    return this;
  }

  public synchronized Optional<Match<T>> match(String method, String rawPath) {
    String[] actual = segments(rawPath);
    for (Entry<T> e : entries) {
      if (!e.method.equals("ANY") && !e.method.equalsIgnoreCase(method)) {
        continue;
      }
      if (e.isDefault()) {
        return Optional.of(new Match<>(e.target, DEFAULT, Map.of()));
      }
      Map<String, String> params = matchSegments(e.segments, actual);
      if (params != null) {
        return Optional.of(new Match<>(e.target, e.routeKey(), params));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> matchSegments(String[] pattern, String[] actual) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("+}")) {
        if (i >= actual.length) {
          return null;
        }
        params.put(p.substring(1, p.length() - 2), decode(String.join("/", List.of(actual).subList(i, actual.length))));
        return params;
      }
      if (i >= actual.length) {
        return null;
      }
      if (p.startsWith("{") && p.endsWith("}")) {
        params.put(p.substring(1, p.length() - 1), decode(actual[i]));
      } else if (!p.equals(decode(actual[i]))) {
        return null;
      }
    }
    return pattern.length == actual.length ? params : null;
  }

  private static String[] segments(String path) {
    if (path.equals(DEFAULT)) {
      return new String[0];
    }
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }

  /** Percent-decoding of a path segment ({@code +} stays a plus). */
  static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return segment;
    }
  }
}
