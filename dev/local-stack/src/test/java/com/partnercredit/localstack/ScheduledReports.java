package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a sample of a function without routes must answer: the publisher, a run as of the event's
 * time; the read model, a batch of the table's stream with no record to retry; its drift check, its
 * counts and no drift; the drain, its counts.
 */
final class ScheduledReports {
  private ScheduledReports() {}

  static void check(TemplateFunctions.Function function, Map<String, Object> event, Map<?, ?> report, String context) {
    if (function.handler().startsWith("com.partnercredit.publisher.")) {
      if (event.get("time") != null) {
        assertEquals(Instant.parse(String.valueOf(event.get("time"))).toString(), report.get("asOf"),
            "not handled as of its time: " + context);
      }
    } else if (function.handler().startsWith("com.partnercredit.tier.ReadModelHandler::")) {
      assertEquals(List.of(), report.get("batchItemFailures"), "a record of the batch failed: " + context);
    } else if (function.handler().startsWith("com.partnercredit.tier.DriftCheckHandler")) {
      assertTrue(report.containsKey("compared") && report.containsKey("drifted") && report.containsKey("skipped"),
          "no drift check report: " + context);
      assertEquals(0, ((Number) report.get("drifted")).intValue(), "a drift: " + context);
    } else {
      assertTrue(report.containsKey("drained") && report.containsKey("pendingLeft"), "no drain report: " + context);
    }
  }
}
