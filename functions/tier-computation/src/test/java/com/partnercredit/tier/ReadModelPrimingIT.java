package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.HandlerSettings;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.wiring.Priming;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read model's SnapStart hook runs a batch of the stream through the handler, its reads and its
 * progress answered by the dry run, and the engine's conclusions through their encoding; it writes
 * nothing. Afterwards the same handler records its progress in the table for real.
 */
@ExtendWith(DynamoDbExtension.class)
class ReadModelPrimingIT {

  @Test
  void primingRunsABatchAndWritesNothingThenTheHandlerRecordsItsProgress(TestTable table) throws Exception {
    try (HandlerSettings settings = HandlerSettings.forTable(table)) {
      ReadModelHandler handler = new ReadModelHandler();

      Priming.Report report = handler.prime();

      assertEquals(0, report.steps().get("batch"), "no record failed: " + report);
      assertEquals(3, report.steps().get("conclusions"), "the portfolio's clients, encoded and decoded: " + report);
      assertTrue(report.answeredByDryRun() >= 3, "the client's and the partner's Queries, the progress: " + report);
      assertEquals(0, table.client().scan(b -> b.tableName(table.name())).count(), "priming wrote to the table");

      Instant written = Instant.parse("2026-11-28T10:00:00Z");
      StreamsEventResponse response = handler.handleRequest(batch("CLIENT#7", "FACT#e-1", written), null);

      assertEquals(List.of(), response.getBatchItemFailures());
      assertEquals(Optional.of(written), new ReadModelStore(table.client(), table.name()).changesUntil());
    }
  }

  private static DynamodbEvent batch(String pk, String sk, Instant created) {
    StreamRecord stream = new StreamRecord();
    stream.setKeys(Map.of("pk", new AttributeValue(pk), "sk", new AttributeValue(sk)));
    stream.setSequenceNumber("100");
    stream.setApproximateCreationDateTime(Date.from(created));
    DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
    record.setEventName("INSERT");
    record.setDynamodb(stream);
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(List.of(record));
    return event;
  }
}
