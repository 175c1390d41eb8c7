package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.ReadModelPortfolio;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.ReadVolume;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.RequestRounds;
import com.partnercredit.testsupport.TemplateTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The breakdown from the read model, measured: for C = 10, 100 and 1,000 clients
 * ({@link ReadModelPortfolio}), each in a fresh table of the emulator the tests use, the requests,
 * rounds, bytes and read units (strongly consistent: one per 4 KB of items) of one breakdown, and
 * its response time (median of the calls after 2 warm-ups).
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     com.partnercredit.tier.ReadModelBenchmark [10 100 1000] [-Druns=7]
 * </pre>
 */
public final class ReadModelBenchmark {
  private ReadModelBenchmark() {}

  private static int runs() {
    return Math.max(1, Integer.getInteger("runs", 7));
  }

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    Emulator emulator = Emulator.shared();
    System.out.println("emulator " + emulator + "; " + runs() + " calls after 2 warm-ups");
    System.out.printf("%7s %8s %7s %9s %10s %10s %9s%n", "clients", "requests", "rounds", "item KB", "read units",
        "bytes", "p50 ms");
    for (int clients : sizes) {
      String table = "ReadModelBenchmark-" + UUID.randomUUID().toString().substring(0, 8);
      try (DynamoDbClient plain = emulator.newDynamoDbClient()) {
        TemplateTable.fromTemplate().create(plain, table);
        ReadModelPortfolio stored = ReadModelPortfolio.store(plain, table, clients,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
        RequestCounter counter = new RequestCounter();
        RequestRounds rounds = new RequestRounds();
        ReadVolume volume = new ReadVolume();
        try (DynamoDbClient counted = emulator.newDynamoDbClient(counter, rounds, volume)) {
          Clock clock = Clock.systemUTC();
          PointsHandler handler = new PointsHandler(new PointsBreakdown(new FactStore(counted, table, clock),
              new ReadModelStore(counted, table), PointsRequests.ENGINE,
              new SnapshotStore(counted, table, new BatchWriter(counted, table))), clock, Duration.ofMinutes(5),
              measurement -> {});
          var event = PointsRequests.get(Long.toString(stored.partner()), Map.of(), Map.of(),
              PointsRequests.adminClaims());
          long[] millis = new long[runs()];
          for (int run = -2; run < runs(); run++) {
            counter.clear();
            rounds.clear();
            volume.clear();
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            if (response.getStatusCode() != 200) {
              throw new IllegalStateException(response.getStatusCode() + " " + response.getBody());
            }
            if (run >= 0) {
              millis[run] = (System.nanoTime() - started) / 1_000_000;
            }
          }
          Arrays.sort(millis);
          System.out.printf("%7d %8d %7d %9d %10d %10d %9d%n", clients, counter.total(), rounds.rounds(),
              stored.partnerBytes() / 1024, (stored.partnerBytes() + 4095) / 4096, volume.bytes(),
              millis[millis.length / 2]);
        } finally {
          plain.deleteTable(r -> r.tableName(table));
        }
      }
    }
  }
}
