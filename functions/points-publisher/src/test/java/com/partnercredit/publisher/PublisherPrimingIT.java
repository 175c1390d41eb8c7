package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.HandlerSettings;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.wiring.Priming;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SnapStart hook runs a publication (which, its reads answered by the dry run, finds no partner) and
 * publishes the in-memory portfolio's partner: a snapshot written and events put, all answered in
 * memory, so the table holds no snapshot and the bus, which does not even exist, gets nothing.
 */
@ExtendWith(DynamoDbExtension.class)
class PublisherPrimingIT {

  @Test
  void primingPublishesAPartnerAndWritesNothing(TestTable table) {
    try (HandlerSettings settings = HandlerSettings.forTable(table).set("EVENT_BUS_NAME", "no-such-bus")) {
      PublisherHandler handler = new PublisherHandler();

      Priming.Report report = handler.prime();

      assertEquals(0, report.steps().get("run"), report.toString());
      assertTrue(report.steps().get("partner") instanceof Integer sent && sent >= 1, report.toString());
      assertTrue(report.answeredByDryRun() >= 4, "listings, the previous snapshot, the write, the put: " + report);
      assertEquals(0, table.client().scan(b -> b.tableName(table.name())).count(), "priming wrote a snapshot");
    }
  }
}
