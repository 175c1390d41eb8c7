package com.partnercredit.assignments;

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
 * The SnapStart hook runs the whole assignments path (every change kind, the permission reads) and
 * writes nothing: its AWS calls are answered by the dry run. Afterwards the same
 * handler writes for real.
 */
@ExtendWith(DynamoDbExtension.class)
class AssignmentPrimingIT {
  private static final String SECRET = "priming-it-secret";
  private static final String BASE_URL = "https://hooks.example.com";

  @Test
  void primingRunsEveryChangeKindAndWritesNothing(TestTable table) {
    try (HandlerSettings settings = HandlerSettings.forTable(table)
        .set("HUBSPOT_CLIENT_SECRET", SECRET).set("PUBLIC_BASE_URL", BASE_URL)) {
      AssignmentHandler handler = new AssignmentHandler();

      Priming.Report report = handler.prime();

      assertEquals(Map.of("webhook", 200), report.steps(), report.toString());
      assertTrue(report.answeredByDryRun() >= 11, "a PutItem per change and the reads: " + report);
      assertEquals(0, items(table), "priming wrote to the table");

      long now = System.currentTimeMillis();
      int status = handler.handleRequest(Priming.signedPost(AssignmentPriming.PATH, AssignmentPriming.body(now),
          new ClientSecret(SECRET.getBytes(StandardCharsets.UTF_8)), Optional.of(BASE_URL), now), null).getStatusCode();

      assertEquals(200, status);
      assertTrue(items(table) >= 10, "after priming, the handler's writes must reach the table");
    }
  }

  private static int items(TestTable table) {
    return table.client().scan(b -> b.tableName(table.name())).count();
  }
}
