package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.HandlerSettings;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.wiring.Priming;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SnapStart hook runs the whole webhook path, signature and writes included, and writes
 * nothing: its AWS calls are answered by the dry run. Afterwards the same handler writes for real.
 */
@ExtendWith(DynamoDbExtension.class)
class IngestionPrimingIT {
  private static final String SECRET = "priming-it-secret";
  private static final String BASE_URL = "https://hooks.example.com";

  @Test
  void primingRunsTheWebhookPathAndWritesNothing(TestTable table) {
    try (HandlerSettings settings = HandlerSettings.forTable(table)
        .set("HUBSPOT_CLIENT_SECRET", SECRET).set("PUBLIC_BASE_URL", BASE_URL)) {
      IngestionHandler handler = new IngestionHandler();

      Priming.Report report = handler.prime();

      assertEquals(Map.of("webhook", 200), report.steps(), report.toString());
      assertEquals(1, report.answeredByDryRun(), "the qualifying activity's BatchWriteItem: " + report);
      assertEquals(0, items(table), "priming wrote to the table");

      long now = System.currentTimeMillis();
      int status = handler.handleRequest(Priming.signedPost(IngestionPriming.PATH, IngestionPriming.body(now),
          new ClientSecret(SECRET.getBytes(StandardCharsets.UTF_8)), Optional.of(BASE_URL), now), null).getStatusCode();

      assertEquals(200, status);
      assertEquals(1, items(table), "after priming, the handler's writes must reach the table");
    }
  }

  private static int items(TestTable table) {
    return table.client().scan(b -> b.tableName(table.name())).count();
  }
}
