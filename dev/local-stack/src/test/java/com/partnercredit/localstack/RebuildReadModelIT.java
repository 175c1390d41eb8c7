package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Scenario;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.TemplateTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The command as an operator runs it, on a table written without a read model: it prints each
 * shard, resume lines and its totals; a second run writes nothing; the read model's progress is
 * the first run's start. Prints how long each run took (measured, not asserted).
 */
class RebuildReadModelIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final int CLIENTS = 40;

  @Test
  void theCommandRebuildsThenWritesNothingTheSecondTime() throws Exception {
    DynamoDbClient dynamo = DYNAMO.client();
    String table = "RebuildReadModelIT-" + UUID.randomUUID().toString().substring(0, 8);
    TemplateTable.fromTemplate().create(dynamo, table);
    try {
      Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // progress is kept in ms
      Instant start = now.minus(Duration.ofDays(20));
      long partner = StoredFacts.newId();
      String alice = "alice@agency" + partner + ".com";
      Scenario world = StoredFacts.scenario()
          .partner(partner, "agency" + partner + ".com", start)
          .employeeAdded(partner, 1, alice, start);
      for (int i = 0; i < CLIENTS; i++) {
        long client = StoredFacts.newId();
        world.client(client, "USD", "1000.00", start).userAdded(client, 7, alice, start)
            .activity(client, 7, now.minus(Duration.ofDays(1 + i % 30)));
      }
      new StoredFacts(dynamo, table).store(world);
      RebuildReadModel.Options options =
          RebuildReadModel.Options.parse(new String[] {"--table", table, "--every", "10"}, Map.<String, String>of()::get);

      long t0 = System.nanoTime();
      String first = run(options, dynamo, now);
      long firstMillis = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(first.contains(CLIENTS + " clients and 1 standings recomputed, " + (CLIENTS + 1) + " items written"),
          first);
      assertTrue(first.contains("resume with --from-shard"), first);
      assertTrue(first.contains("read model progress recorded through " + now), first);
      assertEquals(Optional.of(now), new ReadModelStore(dynamo, table).changesUntil());

      t0 = System.nanoTime();
      String second = run(options, dynamo, now.plusSeconds(1));
      long secondMillis = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(second.contains(CLIENTS + " clients and 1 standings recomputed, 0 items written"), second);
      System.out.println("RebuildReadModelIT: " + CLIENTS + " clients: first run " + firstMillis
          + " ms (" + (CLIENTS + 1) + " items written), second run " + secondMillis + " ms (0 written)");
    } finally {
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }

  private static String run(RebuildReadModel.Options options, DynamoDbClient dynamo, Instant at) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit = RebuildReadModel.run(options, dynamo, Clock.fixed(at, ZoneOffset.UTC),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, out);
    return out;
  }
}
