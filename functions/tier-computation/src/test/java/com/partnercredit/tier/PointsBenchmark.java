package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.TemplateTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The budget of issue 5, measured: DynamoDB requests, response time and JSON size of one Points
 * Breakdown for a partner with 10, 100 and 1,000 clients (two partners per client, three employees
 * each), against the emulator the tests use, in a fresh table. Response time is the median of 5
 * calls after 2 warm-up calls (the handler's JIT, not DynamoDB, dominates the first ones); with
 * {@code -Druns=N}, of the calls after min(2, N - 1) warm-ups ({@code -Druns=1}: the one cold call).
 *
 * <pre>
 * mvn -o -Dmaven.repo.local=... -pl functions/tier-computation test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=com.partnercredit.tier.PointsBenchmark [-Dexec.args="10 100 1000"]
 * </pre>
 */
public final class PointsBenchmark {
  private PointsBenchmark() {}

  /** Calls per size: 2 warm-ups, then the measured ones ({@code -Druns=1}: one cold call, for 1,000 clients on moto). */
  private static final int RUNS = Math.max(1, Integer.getInteger("runs", 7));

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    Emulator emulator = Emulator.shared();
    String table = "PointsBenchmark-" + UUID.randomUUID().toString().substring(0, 8);
    try (DynamoDbClient plain = emulator.newDynamoDbClient()) {
      TemplateTable.fromTemplate().create(plain, table);
      System.out.println("emulator " + emulator + ", table " + table);
      System.out.printf("%8s %9s %12s %12s %12s%n", "clients", "requests", "median ms", "first ms", "JSON bytes");
      for (int clients : sizes) {
        long partner = Portfolio.store(new StoredFacts(plain, table), clients, Instant.now(), Duration.ofDays(1));
        RequestCounter counter = new RequestCounter();
        try (DynamoDbClient counted = emulator.newDynamoDbClient(counter)) {
          PointsHandler handler = PointsRequests.handler(counted, table);
          var event = PointsRequests.get(Long.toString(partner), Map.of(), Map.of(), PointsRequests.adminClaims());
          long[] millis = new long[RUNS];
          int bytes = 0;
          int requests = 0;
          for (int run = 0; run < millis.length; run++) {
            counter.clear();
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            millis[run] = (System.nanoTime() - started) / 1_000_000;
            if (response.getStatusCode() != 200) {
              throw new IllegalStateException(response.getStatusCode() + ": " + response.getBody());
            }
            bytes = response.getBody().getBytes(StandardCharsets.UTF_8).length;
            requests = counter.total();
          }
          long first = millis[0];
          long[] measured = Arrays.copyOfRange(millis, Math.min(2, RUNS - 1), millis.length);
          Arrays.sort(measured);
          System.out.printf("%8d %9d %12d %12d %12d   %s%n", clients, requests, measured[measured.length / 2], first,
              bytes, counter.snapshot());
        }
      }
      plain.deleteTable(b -> b.tableName(table));
    }
    System.exit(0);
  }
}
