package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.PendingWrites;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.HandlerSettings;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.wiring.Priming;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The drain's SnapStart hook runs a whole drain in the dry run (a Query of every pending partition,
 * answered inside the process) and writes nothing; afterwards the same handler drains for real.
 */
@ExtendWith(DynamoDbExtension.class)
class DrainPrimingIT {
  @Test
  void primingRunsADrainAndWritesNothingThenTheHandlerDrains(TestTable table) throws Exception {
    try (HandlerSettings settings = HandlerSettings.forTable(table)) {
      DrainHandler handler = new DrainHandler();

      Priming.Report report = handler.prime();

      assertEquals(Map.of("run", 0), report.steps(), report.toString());
      assertEquals(PendingWrites.SHARDS, report.answeredByDryRun(), "a Query per pending partition: " + report);
      assertEquals(0, table.client().scan(b -> b.tableName(table.name())).count(), "priming wrote to the table");

      long client = StoredFacts.newId();
      BatchWriter writer = new BatchWriter(table.client(), table.name());
      new PendingWrites(writer, Clock.systemUTC()).spill(List.of(StoredFacts.ACTIVITIES.item("1-0", 1, client, 2,
          "contact.creation", "CRM", System.currentTimeMillis(), null, null, null)), Deadline.NONE);

      Map<String, Object> result = handler.handleRequest(Map.of("time", "2026-11-28T10:00:00Z"), null);

      assertEquals(1, result.get("drained"), result.toString());
      assertEquals(1, result.get("pendingDone"), result.toString());
      assertEquals(List.of(), TableItems.pending(table.client(), table.name()));
      assertEquals(1, TableItems.activities(table.client(), table.name(), client).size());
    }
  }
}
