package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.HandlerSettings;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.wiring.Priming;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SnapStart hook runs the whole webhook path, signature and writes included, and writes
 * nothing: its AWS calls are answered by the dry run, and it emits no metrics. Afterwards the same
 * handler writes for real.
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

      PrintStream console = System.out;
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      Priming.Report report;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        report = handler.prime();
      } finally {
        System.setOut(console);
      }

      assertEquals(Map.of("webhook", 200), report.steps(), report.toString());
      assertEquals(3, report.answeredByDryRun(),
          "the replay marker's claim, the qualifying activity's BatchWriteItem, the marker answered: " + report);
      assertEquals(0, items(table), "priming wrote to the table");
      assertFalse(printed.toString(StandardCharsets.UTF_8).contains("\"_aws\""),
          "priming's sample request is not traffic and must emit no metrics: " + printed);

      long now = System.currentTimeMillis();
      int status = handler.handleRequest(Priming.signedPost(IngestionPriming.PATH, IngestionPriming.body(now),
          new ClientSecret(SECRET.getBytes(StandardCharsets.UTF_8)), Optional.of(BASE_URL), now), null).getStatusCode();

      assertEquals(200, status);
      assertEquals(2, items(table), "after priming, the handler's writes (the activity, the request's replay "
          + "marker) must reach the table");
    }
  }

  private static int items(TestTable table) {
    return table.client().scan(b -> b.tableName(table.name())).count();
  }
}
