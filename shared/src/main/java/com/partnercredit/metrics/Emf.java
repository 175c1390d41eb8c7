package com.partnercredit.metrics;

import com.partnercredit.log.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Measurement} as CloudWatch Embedded Metric Format documents, one JSON object a line
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 *
 * <pre>
 * {"_aws":{"Timestamp":&lt;epoch ms&gt;,"CloudWatchMetrics":[{"Namespace":"...",
 *   "Dimensions":[["Function","Route"]],"Metrics":[{"Name":"Received","Unit":"Count"}, ...]}]},
 *  "Function":"activity-ingestion","Route":"POST /webhooks/hubspot","Received":2, ...,
 *  "log":"request","requestId":"...","outcome":"ok"}
 * </pre>
 *
 * <p>The first document holds every metric and property: it is also the request's structured log
 * line. Each reason of {@link Measurement#countBy} gets one more document, with the same dimensions
 * plus {@code Reason}, its counts, and the request id; its {@code log} is {@code metrics}.
 * A measurement without metrics is a plain structured line, without {@code _aws}.
 *
 * <p>Why hand-written and not Powertools' {@code powertools-metrics}: see docs/operations.md,
 * Metrics. The format is small and fixed, and the tests check every document against it.
 */
public final class Emf {
  /** The property that ties a reason document to its request's line. */
  static final String REQUEST_ID = "requestId";

  private Emf() {}

  public static List<String> lines(Measurement measurement, String namespace, long timestampMillis) {
    List<String> lines = new ArrayList<>();
    Map<String, String> dimensions = measurement.dimensions();
    Map<String, Measurement.Value> metrics = measurement.metrics();
    Map<String, Object> main = new LinkedHashMap<>();
    if (!metrics.isEmpty()) {
      List<Map<String, Object>> declared = new ArrayList<>();
      metrics.forEach((name, value) -> declared.add(declaration(name, value.unit())));
      main.put("_aws", aws(namespace, timestampMillis, List.copyOf(dimensions.keySet()), declared));
    }
    main.putAll(dimensions);
    metrics.forEach((name, value) -> main.put(name, value.value())); // Json writes whole values as integers
    main.putAll(measurement.properties());
    lines.add(Json.line(main));

    Object requestId = measurement.properties().get(REQUEST_ID);
    measurement.byReason().forEach((reason, counts) -> {
      List<String> keys = new ArrayList<>(dimensions.keySet());
      keys.add(Measurement.REASON);
      List<Map<String, Object>> declared = new ArrayList<>();
      counts.keySet().forEach(name -> declared.add(declaration(name, Unit.COUNT)));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("_aws", aws(namespace, timestampMillis, keys, declared));
      doc.putAll(dimensions);
      doc.put(Measurement.REASON, reason);
      doc.putAll(counts);
      doc.put(Measurement.LOG, "metrics");
      if (requestId != null) {
        doc.put(REQUEST_ID, requestId);
      }
      lines.add(Json.line(doc));
    });
    return lines;
  }

  private static Map<String, Object> aws(String namespace, long timestampMillis, List<String> dimensionKeys,
      List<Map<String, Object>> declared) {
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", namespace);
    directive.put("Dimensions", List.of(dimensionKeys));
    directive.put("Metrics", declared);
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", timestampMillis);
    aws.put("CloudWatchMetrics", List.of(directive));
    return aws;
  }

  private static Map<String, Object> declaration(String name, Unit unit) {
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("Name", name);
    metric.put("Unit", unit.cloudWatchName());
    return metric;
  }
}
