package com.partnercredit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.EmfSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A measurement as Embedded Metric Format lines: valid EMF, every metric declared and present. */
class EmfTest {
  private static final long NOW = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

  private static Measurement webhookRequest() {
    return Measurement.request("activity-ingestion", "POST /webhooks/hubspot")
        .property("requestId", "req-1")
        .count("Requests", 1)
        .count("Received", 3)
        .add("DeadLetters", 1)
        .add("DeadLetters", 1)
        .milliseconds("Latency", 42)
        .countBy("DeadLetters", "invalid", 1)
        .countBy("DeadLetters", "unreadable", 1)
        .countBy("Ignored", "invalid", 4)
        .property("outcome", "ok");
  }

  private static List<Map<String, Object>> documents(Measurement m) throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String line : Emf.lines(m, "PartnerCredit/test", NOW)) {
      assertFalse(line.contains("\n"));
      docs.add(JSON.std.mapFrom(line));
    }
    return docs;
  }

  @Test
  void everyDocumentIsValidEmf() throws Exception {
    for (Map<String, Object> doc : documents(webhookRequest())) {
      assertEquals(List.of(), EmfSpec.violations(doc), doc.toString());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theFirstDocumentDeclaresEveryMetricWithTheRouteDimensionsAndCarriesTheLogFields() throws Exception {
    Map<String, Object> main = documents(webhookRequest()).get(0);

    Map<String, Object> aws = (Map<String, Object>) main.get("_aws");
    assertEquals(NOW, ((Number) aws.get("Timestamp")).longValue());
    Map<String, Object> directive = (Map<String, Object>) ((List<Object>) aws.get("CloudWatchMetrics")).get(0);
    assertEquals("PartnerCredit/test", directive.get("Namespace"));
    assertEquals(List.of(List.of("Function", "Route")), directive.get("Dimensions"));
    assertEquals(List.of("Requests", "Received", "DeadLetters", "Latency"),
        ((List<Map<String, Object>>) directive.get("Metrics")).stream().map(d -> d.get("Name")).toList());
    assertEquals(2, main.get("DeadLetters"));
    assertEquals("request", main.get("log"));
    assertEquals("req-1", main.get("requestId"));
    assertEquals("ok", main.get("outcome"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachReasonIsADocumentWithReasonAsAFurtherDimension() throws Exception {
    List<Map<String, Object>> docs = documents(webhookRequest());

    assertEquals(3, docs.size()); // the request, invalid, unreadable
    Map<String, Object> invalid = docs.get(1);
    Map<String, Object> directive = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) invalid.get("_aws"))
        .get("CloudWatchMetrics")).get(0);
    assertEquals(List.of(List.of("Function", "Route", "Reason")), directive.get("Dimensions"));
    assertEquals("invalid", invalid.get("Reason"));
    assertEquals(1, invalid.get("DeadLetters"));
    assertEquals(4, invalid.get("Ignored"));
    assertEquals("req-1", invalid.get("requestId"));
    assertEquals("metrics", invalid.get("log"));
  }

  @Test
  void aMeasurementWithoutMetricsIsAPlainStructuredLine() throws Exception {
    Map<String, Object> line = documents(Measurement.run("points-publisher").property("outcome", "failed")).get(0);
    assertFalse(line.containsKey("_aws"));
    assertEquals("failed", line.get("outcome"));
  }

  @Test
  void aNameIsAMetricOrAPropertyNeverBoth() {
    Measurement m = Measurement.run("points-publisher").count("Shards", 8);
    assertThrows(IllegalArgumentException.class, () -> m.property("Shards", "eight"));
    assertThrows(IllegalArgumentException.class, () -> m.count("Function", 1));
  }

  @Test
  void emfMetricsWritesEachLineStampedWithItsClock() {
    List<String> lines = new ArrayList<>();
    new EmfMetrics("PartnerCredit", lines::add, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))
        .emit(webhookRequest());
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).contains("\"Timestamp\":" + NOW), lines.get(0));
  }
}
