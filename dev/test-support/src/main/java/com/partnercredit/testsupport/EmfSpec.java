package com.partnercredit.testsupport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a document against CloudWatch's Embedded Metric Format specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * as CloudWatch does before it extracts metrics from a log event: the {@code _aws} metadata
 * ({@code Timestamp}, {@code CloudWatchMetrics}), each metric directive ({@code Namespace},
 * {@code Dimensions}, {@code Metrics}), and the target members: every dimension declared is a
 * string member of the root, every metric declared is a number (or an array of at most 100
 * numbers) there.
 */
public final class EmfSpec {
  /** The units CloudWatch accepts. */
  public static final Set<String> UNITS = Set.of(
      "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
      "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
      "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
      "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");
  private static final Pattern NAMESPACE = Pattern.compile("[0-9A-Za-z._\\-/#: ]{1,255}");
  static final int MAX_DIMENSIONS = 30;
  static final int MAX_METRICS = 100;
  static final int MAX_VALUES = 100;

  private EmfSpec() {}

  /** What is wrong with {@code document} (a parsed JSON object); empty when it is valid EMF. */
  public static List<String> violations(Map<String, Object> document) {
    List<String> wrong = new ArrayList<>();
    if (!(document.get("_aws") instanceof Map<?, ?> aws)) {
      wrong.add("no _aws object");
      return wrong;
    }
    if (!(aws.get("Timestamp") instanceof Number timestamp) || timestamp.doubleValue() < 0
        || timestamp.doubleValue() != Math.rint(timestamp.doubleValue())) {
      wrong.add("_aws.Timestamp is not a non-negative integer of epoch milliseconds: " + aws.get("Timestamp"));
    }
    if (!(aws.get("CloudWatchMetrics") instanceof List<?> directives) || directives.isEmpty()) {
      wrong.add("_aws.CloudWatchMetrics is not a non-empty array");
      return wrong;
    }
    for (int d = 0; d < directives.size(); d++) {
      String where = "_aws.CloudWatchMetrics[" + d + "]";
      if (!(directives.get(d) instanceof Map<?, ?> directive)) {
        wrong.add(where + " is not an object");
        continue;
      }
      if (!(directive.get("Namespace") instanceof String namespace) || !NAMESPACE.matcher(namespace).matches()) {
        wrong.add(where + ".Namespace is not 1-255 of [0-9A-Za-z._-/#: ]: " + directive.get("Namespace"));
      }
      dimensions(document, directive.get("Dimensions"), where, wrong);
      metrics(document, directive.get("Metrics"), where, wrong);
    }
    return wrong;
  }

  private static void dimensions(Map<String, Object> document, Object value, String where, List<String> wrong) {
    if (!(value instanceof List<?> sets)) {
      wrong.add(where + ".Dimensions is not an array");
      return;
    }
    for (Object set : sets) {
      if (!(set instanceof List<?> keys)) {
        wrong.add(where + ".Dimensions holds a set that is not an array: " + set);
        continue;
      }
      if (keys.size() > MAX_DIMENSIONS) {
        wrong.add(where + ".Dimensions holds a set of more than " + MAX_DIMENSIONS + " keys");
      }
      for (Object key : keys) {
        if (!(key instanceof String name)) {
          wrong.add(where + ".Dimensions holds a key that is not a string: " + key);
        } else if (!(document.get(name) instanceof String dimension)) {
          wrong.add("dimension " + name + " is declared but the root has no string member " + name);
        } else if (dimension.isEmpty() || dimension.length() > 1024) {
          wrong.add("dimension " + name + " has a value of " + dimension.length() + " characters (1-1024 allowed)");
        }
      }
    }
  }

  private static void metrics(Map<String, Object> document, Object value, String where, List<String> wrong) {
    if (!(value instanceof List<?> metrics)) {
      wrong.add(where + ".Metrics is not an array");
      return;
    }
    if (metrics.size() > MAX_METRICS) {
      wrong.add(where + ".Metrics declares more than " + MAX_METRICS + " metrics");
    }
    Set<String> names = new HashSet<>();
    for (Object metric : metrics) {
      if (!(metric instanceof Map<?, ?> definition) || !(definition.get("Name") instanceof String name)
          || name.isEmpty() || name.length() > 255) {
        wrong.add(where + ".Metrics holds a definition without a Name of 1-255 characters: " + metric);
        continue;
      }
      if (!names.add(name)) {
        wrong.add(where + ".Metrics declares " + name + " twice");
      }
      Object unit = definition.get("Unit");
      if (unit != null && !UNITS.contains(unit)) {
        wrong.add("metric " + name + " has an unknown Unit " + unit);
      }
      Object resolution = definition.get("StorageResolution");
      if (resolution != null && !(resolution instanceof Number r && (r.intValue() == 1 || r.intValue() == 60))) {
        wrong.add("metric " + name + " has a StorageResolution other than 1 or 60: " + resolution);
      }
      Object member = document.get(name);
      if (member instanceof List<?> values) {
        if (values.isEmpty() || values.size() > MAX_VALUES || !values.stream().allMatch(v -> v instanceof Number)) {
          wrong.add("metric " + name + " is an array that is not 1-" + MAX_VALUES + " numbers");
        }
      } else if (!(member instanceof Number)) {
        wrong.add("metric " + name + " is declared but the root has no number member " + name + ": " + member);
      }
    }
  }
}
