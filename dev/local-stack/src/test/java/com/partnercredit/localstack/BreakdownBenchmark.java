package com.partnercredit.localstack;

import com.partnercredit.store.ReadModelPortfolio;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TemplateTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The default Points Breakdown (from the read model) over HTTP on the local stack, for a partner
 * with C clients ({@link ReadModelPortfolio}; default C = 10, 100 and 1,000), each size in a fresh
 * table: the median response time of the route after 2 warm-ups.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     com.partnercredit.localstack.BreakdownBenchmark [10 100 1000] [-Druns=11]
 * </pre>
 */
public final class BreakdownBenchmark {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private BreakdownBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int runs = Math.max(1, Integer.getInteger("runs", 11));
    Emulator emulator = Emulator.shared();
    String admin = DemoSeed.unsignedToken(Map.of("sub", "benchmark", "scope", "points:admin"));
    for (int clients : sizes) {
      String table = "BreakdownBenchmark-" + UUID.randomUUID().toString().substring(0, 8);
      try (DynamoDbClient plain = emulator.newDynamoDbClient()) {
        TemplateTable.fromTemplate().create(plain, table);
        ReadModelPortfolio stored = ReadModelPortfolio.store(plain, table, clients,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (LocalStack stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table,
            LocalStack.DEFAULT_SECRET), emulator)) {
          HttpRequest request = HttpRequest.newBuilder(stack.baseUrl().resolve("/partners/" + stored.partner() + "/points"))
              .header("authorization", "Bearer " + admin).timeout(Duration.ofMinutes(2)).build();
          long[] millis = new long[runs];
          String source = "";
          for (int run = -2; run < runs; run++) {
            long started = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              throw new IllegalStateException(clients + " clients: " + response.statusCode() + " " + response.body());
            }
            source = response.body().contains("\"source\":\"readModel\"") ? "readModel" : "not the read model";
            if (run >= 0) {
              millis[run] = (System.nanoTime() - started) / 1_000_000;
            }
          }
          Arrays.sort(millis);
          System.out.printf("local stack, %,d clients (%,d bytes of items): p50 %,d ms (min %,d, max %,d; %d runs), %s%n",
              clients, stored.partnerBytes(), millis[runs / 2], millis[0], millis[runs - 1], runs, source);
        } finally {
          plain.deleteTable(r -> r.tableName(table));
        }
      }
    }
  }
}
