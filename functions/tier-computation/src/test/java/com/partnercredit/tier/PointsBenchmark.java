package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.ReadVolume;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.RequestRounds;
import com.partnercredit.testsupport.TemplateTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The breakdown budget of issue 11, measured: for the {@link Portfolio} of C = 10, 100 and 1,000
 * clients (3 partner employee users with 20 activities each and 5 own users with 200 each per
 * client, over 60 days), each in a fresh table of the emulator the tests use, one Points Breakdown's
 * DynamoDB requests by kind against the budget, its rounds in sequence ({@link RequestRounds}), the
 * items and bytes it read, its response time (median of the calls after 2 warm-ups) and the latency
 * model: rounds x {@value #ROUND_MILLIS} ms.
 *
 * <pre>
 * mvn -B -q -pl functions/tier-computation -am install -DskipTests
 * mvn -B -q -pl functions/tier-computation test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.partnercredit.tier.PointsBenchmark [-Dexec.args="10 100 1000"] [-Druns=7] [-DownActivities=200]
 * </pre>
 */
public final class PointsBenchmark {
  private PointsBenchmark() {}

  /** Calls per size: 2 warm-ups, then the measured ones ({@code -Druns=1}: one cold call). */
  private static final int RUNS = Math.max(1, Integer.getInteger("runs", 7));
  /** Activities per own-staff user ({@code -DownActivities}): 200 in the budget. */
  private static final int OWN_ACTIVITIES = Integer.getInteger("ownActivities", 200);
  /** The latency model: one round of requests in flight together costs this much on DynamoDB. */
  static final int ROUND_MILLIS = 8;

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    Emulator emulator = Emulator.shared();
    System.out.println("emulator " + emulator + "; " + OWN_ACTIVITIES + " activities per own user; " + RUNS + " calls");
    System.out.printf("%7s %9s %8s %7s %7s %9s %10s %10s %9s %9s %9s  %s%n", "clients", "items", "seed s", "requests",
        "budget", "rounds", "in flight", "items read", "bytes", "p50 ms", "model ms", "by kind");
    for (int clients : sizes) {
      String table = "PointsBenchmark-" + UUID.randomUUID().toString().substring(0, 8);
      try (DynamoDbClient plain = emulator.newDynamoDbClient()) {
        TemplateTable.fromTemplate().create(plain, table);
        Portfolio.Shape shape = Portfolio.Shape.budget(clients).withOwnActivities(OWN_ACTIVITIES);
        long seeding = System.nanoTime();
        long partner = Portfolio.store(new StoredFacts(plain, table), shape, Instant.now()).partner();
        long seedSeconds = (System.nanoTime() - seeding) / 1_000_000_000L;
        int budget = clients + shape.employeeUserPairs() + (shape.distinctUserEmails() + 99) / 100 + PointsBudgetIT.FIXED;

        RequestCounter counter = new RequestCounter();
        RequestRounds rounds = new RequestRounds();
        ReadVolume volume = new ReadVolume();
        try (DynamoDbClient counted = emulator.newDynamoDbClient(counter, rounds, volume)) {
          // the emulator serves one request at a time, ~20 ms each: give a 1,000-client breakdown the time it takes there
          Clock clock = Clock.systemUTC();
          PointsHandler handler = new PointsHandler(
              new PointsBreakdown(new FactStore(counted, table, clock), PointsRequests.ENGINE,
                  new SnapshotStore(counted, table, new BatchWriter(counted, table))), clock, Duration.ofMinutes(30),
              measurement -> {});
          var event = PointsRequests.get(Long.toString(partner), Map.of(), Map.of(), PointsRequests.adminClaims());
          long[] millis = new long[RUNS];
          int roundsOfLast = 0;
          for (int run = 0; run < millis.length; run++) {
            counter.clear();
            rounds.clear();
            volume.clear();
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            millis[run] = (System.nanoTime() - started) / 1_000_000;
            if (response.getStatusCode() != 200) {
              throw new IllegalStateException(response.getStatusCode() + ": " + response.getBody());
            }
            roundsOfLast = rounds.rounds();
          }
          long[] measured = Arrays.copyOfRange(millis, Math.min(2, RUNS - 1), millis.length);
          Arrays.sort(measured);
          System.out.printf("%7d %9d %8d %7d %7d %9d %10d %10d %9d %9d %9d  %s%n", clients, shape.items(), seedSeconds,
              counter.total(), budget, roundsOfLast, rounds.maxInFlight(), volume.items(), volume.bytes(),
              measured[measured.length / 2], roundsOfLast * ROUND_MILLIS, counter.snapshot());
        }
        plain.deleteTable(b -> b.tableName(table));
      }
    }
    System.exit(0);
  }
}
