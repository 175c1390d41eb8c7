package com.partnercredit.testsupport;

import static com.partnercredit.testsupport.ProjectShapedItems.s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Median DynamoDB Query latency on stock moto_server and on fast_moto.py, by table size. A measurement,
 * not a test:
 *
 * <pre>
 * mvn -B -q -pl dev/test-support test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.partnercredit.testsupport.QueryLatencyBenchmark -Dsizes=1000,20000 -Dqueries=30
 * </pre>
 *
 * <p>For each size, a table from template.yaml gets about that many project-shaped items (client
 * partitions of 8-14 items, partners, sparse gsi1/gsi2 keys); then {@code queries} table Queries of a
 * whole client partition and {@code queries} gsi1 Queries of an e-mail address, after 3 warm-up Queries
 * each. {@code -Dservers=fast} or {@code stock} measures one.
 */
public final class QueryLatencyBenchmark {

  public static void main(String[] args) {
    int[] sizes = Arrays.stream(System.getProperty("sizes", "1000,20000").split(",")).mapToInt(Integer::parseInt).toArray();
    int queries = Integer.getInteger("queries", 30);
    List<String> servers = List.of(System.getProperty("servers", "stock,fast").split(","));
    Path moto = Emulator.onPath("moto_server", Emulator.searchPath(System.getenv()))
        .orElseThrow(() -> new IllegalStateException("moto_server is not on the PATH"));

    List<String> rows = new ArrayList<>();
    for (String kind : servers) {
      try (MotoServer server = kind.equals("fast") ? MotoServer.startFast(moto) : MotoServer.start(moto);
           DynamoDbClient client = new Emulator(Emulator.Kind.MOTO_SERVER, server.endpoint(), Region.US_EAST_1,
               Emulator.credentials(Map.of())).newDynamoDbClient()) {
        if (kind.equals("fast") && !server.fastQuery()) {
          throw new IllegalStateException("fast_moto.py runs stock moto:\n" + server.output());
        }
        for (int size : sizes) {
          Random random = new Random(size);
          String table = "bench-" + size;
          TemplateTable.fromTemplate().create(client, table);
          List<Map<String, AttributeValue>> items = new ProjectShapedItems(random).generate(size / 11, Math.max(1, size / 110));
          long loadStart = System.nanoTime();
          ProjectShapedItems.load(client, table, items);
          double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
          List<String> clients = items.stream().map(i -> i.get("pk").s()).filter(pk -> pk.startsWith("CLIENT#")).distinct().toList();
          List<String> emails = items.stream().filter(i -> i.containsKey("gsi1pk")).map(i -> i.get("gsi1pk").s())
              .filter(v -> v.startsWith("EMAIL#")).distinct().toList();
          double tableMs = median(queries, random, r -> client.query(b -> b.tableName(table)
              .keyConditionExpression("pk = :h").expressionAttributeValues(Map.of(":h", s(clients.get(r.nextInt(clients.size())))))));
          double gsi1Ms = median(queries, random, r -> client.query(b -> b.tableName(table).indexName("gsi1")
              .keyConditionExpression("gsi1pk = :h").expressionAttributeValues(Map.of(":h", s(emails.get(r.nextInt(emails.size())))))));
          String row = String.format("%-5s %7d items (loaded in %5.1f s): table Query median %8.1f ms, gsi1 Query median %8.1f ms",
              kind, items.size(), loadSeconds, tableMs, gsi1Ms);
          System.out.println(row);
          rows.add(row);
          client.deleteTable(b -> b.tableName(table));
        }
      }
    }
    System.out.println();
    rows.forEach(System.out::println);
  }

  private static double median(int n, Random random, Consumer<Random> query) {
    for (int i = 0; i < 3; i++) {
      query.accept(random);
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      query.accept(random);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  }

  private QueryLatencyBenchmark() {}
}
