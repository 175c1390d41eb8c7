package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker finds what CloudWatch would refuse, and passes a valid document. */
class EmfSpecTest {

  private static Map<String, Object> valid() {
    Map<String, Object> directive = new HashMap<>(Map.of(
        "Namespace", "PartnerCredit/my-stack",
        "Dimensions", List.of(List.of("Function", "Route")),
        "Metrics", List.of(Map.of("Name", "Received", "Unit", "Count"), Map.of("Name", "Latency", "Unit", "Milliseconds"))));
    Map<String, Object> document = new HashMap<>();
    document.put("_aws", new HashMap<>(Map.of("Timestamp", 1764324000000L, "CloudWatchMetrics", List.of(directive))));
    document.put("Function", "activity-ingestion");
    document.put("Route", "POST /webhooks/hubspot");
    document.put("Received", 2);
    document.put("Latency", List.of(12, 14));
    return document;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> directive(Map<String, Object> document) {
    return (Map<String, Object>) ((List<Object>) ((Map<String, Object>) document.get("_aws")).get("CloudWatchMetrics")).get(0);
  }

  @Test
  void aValidDocumentHasNoViolations() {
    assertEquals(List.of(), EmfSpec.violations(valid()));
  }

  @Test
  void aDocumentWithoutAwsIsRefused() {
    Map<String, Object> document = valid();
    document.remove("_aws");
    assertEquals(List.of("no _aws object"), EmfSpec.violations(document));
  }

  @Test
  void aDeclaredMetricMissingFromTheRootIsRefused() {
    Map<String, Object> document = valid();
    document.remove("Received");
    assertTrue(EmfSpec.violations(document).get(0).startsWith("metric Received is declared but"));
  }

  @Test
  void aMetricThatIsNotANumberIsRefused() {
    Map<String, Object> document = valid();
    document.put("Received", "2");
    assertEquals(1, EmfSpec.violations(document).size());
  }

  @Test
  void aDeclaredDimensionMissingFromTheRootIsRefused() {
    Map<String, Object> document = valid();
    document.remove("Route");
    assertEquals(List.of("dimension Route is declared but the root has no string member Route"),
        EmfSpec.violations(document));
  }

  @Test
  void anUnknownUnitAndABadNamespaceAreRefused() {
    Map<String, Object> document = valid();
    directive(document).put("Namespace", "Partner|Credit");
    directive(document).put("Metrics", List.of(Map.of("Name", "Received", "Unit", "Counts")));
    assertEquals(2, EmfSpec.violations(document).size(), EmfSpec.violations(document).toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTimestampInSecondsAsAFractionIsRefused() {
    Map<String, Object> document = valid();
    ((Map<String, Object>) document.get("_aws")).put("Timestamp", 1764324000.5);
    assertEquals(1, EmfSpec.violations(document).size());
  }
}
