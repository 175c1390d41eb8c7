package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.HandlerSettings;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.PrimingFacts;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SnapStart hook runs the route for JSON and CSV, its reads answered by the dry run (so no partner
 * is found: 404), and the engine on the in-memory portfolio, whose three clients it renders.
 */
@ExtendWith(DynamoDbExtension.class)
class TierPrimingIT {

  @Test
  void primingRunsTheRouteAndTheEngine(TestTable table) {
    try (HandlerSettings settings = HandlerSettings.forTable(table)) {
      PointsHandler handler = new PointsHandler();

      Priming.Report report = handler.prime();

      assertEquals(Map.of("json", 404, "csv", 404, "items", (long) PrimingFacts.portfolio(Instant.now()).size(),
          "engine", 3), report.steps(), report.toString());
      assertTrue(report.answeredByDryRun() >= 2, "the partner's reads, for each format: " + report);
      assertEquals(0, table.client().scan(b -> b.tableName(table.name())).count());
    }
  }
}
