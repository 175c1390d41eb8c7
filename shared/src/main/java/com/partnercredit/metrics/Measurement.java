package com.partnercredit.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one request or one publisher run measured, and its structured log line: dimensions (few
 * values each: the function, the route; never a partner or client id), metrics, counts broken down
 * by a reason, and properties (the request id, the outcome, ids: log fields, never dimensions).
 *
 * <p>{@link Emf} turns it into one Embedded Metric Format document with the dimensions, metrics and
 * properties (the structured line), plus one document per reason with that reason as a further
 * dimension. Metric names, dimension keys and property keys share the document's top level, so a
 * name may be used for one of them only.
 *
 * <p>One measurement belongs to one request; its methods are synchronized so that work the request
 * runs on other threads may count into it.
 */
public final class Measurement {
  /** Dimension: the function (a fixed name such as {@code activity-ingestion}). */
  public static final String FUNCTION = "Function";
  /** Dimension: the route key as API Gateway names it ({@code POST /webhooks/hubspot}). */
  public static final String ROUTE = "Route";
  /** The dimension of a breakdown by reason ({@link #countBy}). */
  public static final String REASON = "Reason";
  /** Property: which kind of line this is ({@code request}, {@code run}). */
  public static final String LOG = "log";

  /** A metric's value and unit. */
  public record Value(double value, Unit unit) {}

  private final Map<String, String> dimensions = new LinkedHashMap<>();
  private final Map<String, Value> metrics = new LinkedHashMap<>();
  /** reason → (metric → count), in the order first counted. */
  private final Map<String, Map<String, Long>> byReason = new LinkedHashMap<>();
  private final Map<String, Object> properties = new LinkedHashMap<>();

  private Measurement() {}

  /** The measurement of one HTTP request to {@code route} served by {@code function}. */
  public static Measurement request(String function, String route) {
    Measurement m = new Measurement();
    m.dimensions.put(FUNCTION, function);
    m.dimensions.put(ROUTE, route);
    m.properties.put(LOG, "request");
    return m;
  }

  /** The measurement of one run of a function that serves no route (the publisher). */
  public static Measurement run(String function) {
    Measurement m = new Measurement();
    m.dimensions.put(FUNCTION, function);
    m.properties.put(LOG, "run");
    return m;
  }

  /** Sets a count. */
  public synchronized Measurement count(String name, long value) {
    return put(name, new Value(value, Unit.COUNT));
  }

  /** Adds to a count (from zero). */
  public synchronized Measurement add(String name, long value) {
    Value before = metrics.get(name);
    return put(name, new Value((before == null ? 0 : before.value()) + value, Unit.COUNT));
  }

  public synchronized Measurement milliseconds(String name, long value) {
    return put(name, new Value(value, Unit.MILLISECONDS));
  }

  public synchronized Measurement seconds(String name, long value) {
    return put(name, new Value(value, Unit.SECONDS));
  }

  /**
   * Adds {@code value} to the count {@code name} for {@code reason}: published with the
   * dimensions plus {@code Reason=<reason>}. A reason is one of a closed set of words
   * ({@code invalid}, {@code bad_signature}, ...), never free text.
   */
  public synchronized Measurement countBy(String name, String reason, long value) {
    byReason.computeIfAbsent(reason, r -> new LinkedHashMap<>()).merge(name, value, Long::sum);
    return this;
  }

  /** A field of the log line (not a dimension): the request id, the outcome, an id. */
  public synchronized Measurement property(String key, Object value) {
    if (dimensions.containsKey(key) || metrics.containsKey(key)) {
      throw new IllegalArgumentException(key + " is already a dimension or metric of this measurement");
    }
    properties.put(key, value);
    return this;
  }

  private Measurement put(String name, Value value) {
    if (dimensions.containsKey(name) || properties.containsKey(name)) {
      throw new IllegalArgumentException(name + " is already a dimension or property of this measurement");
    }
    metrics.put(name, value);
    return this;
  }

  public synchronized Map<String, String> dimensions() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
  }

  public synchronized Map<String, Value> metrics() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** reason → (metric → count). */
  public synchronized Map<String, Map<String, Long>> byReason() {
    Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
    byReason.forEach((reason, counts) -> copy.put(reason, Collections.unmodifiableMap(new LinkedHashMap<>(counts))));
    return Collections.unmodifiableMap(copy);
  }

  public synchronized Map<String, Object> properties() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** The value of a metric, if set. */
  public synchronized Optional<Double> value(String name) {
    return Optional.ofNullable(metrics.get(name)).map(Value::value);
  }

  /** The count of {@code name} for {@code reason}; 0 when none. */
  public synchronized long countFor(String name, String reason) {
    return byReason.getOrDefault(reason, Map.of()).getOrDefault(name, 0L);
  }
}
