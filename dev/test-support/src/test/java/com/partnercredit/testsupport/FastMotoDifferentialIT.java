package com.partnercredit.testsupport;

import static com.partnercredit.testsupport.ProjectShapedItems.n;
import static com.partnercredit.testsupport.ProjectShapedItems.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * fast_moto.py against stock moto_server: the same table from template.yaml, the same random
 * project-shaped items, then a few hundred random Queries (table, gsi1, gsi2; =, begins_with, BETWEEN,
 * &lt;, &gt;=; Limit; reverse; filters; projections; every page to the end) with puts, updates that move
 * items between index partitions or out of the sparse indexes, and deletes in between. Every page must
 * be identical: items, Count, ScannedCount and LastEvaluatedKey. Then the same with Queries sent
 * {@value #THREADS} at a time, as the functions send them (fast_moto.py narrows each Query on its own
 * request thread): every page of every concurrent Query must be the page stock moto gives that Query
 * alone. {@code -Dfastmoto.seed=N} replays a run.
 *
 * <p>Without moto_server it is skipped with a message, except in CI ({@code CI} set), where it fails
 * ({@link RequiredInCi}).
 */
class FastMotoDifferentialIT {

  private static final String TABLE = "differential";
  private static final int QUERIES = 300;
  private static final int CONCURRENT_QUERIES = 400;
  private static final int THREADS = 8;

  private static MotoServer stockServer;
  private static MotoServer fastServer;
  private static DynamoDbClient stock;
  private static DynamoDbClient fast;

  private final long seed = Long.getLong("fastmoto.seed", System.nanoTime());
  private final Random random = new Random(seed);
  private final ProjectShapedItems shapes = new ProjectShapedItems(random);
  /** The table's items as written (pk NUL sk -> item), to pick existing keys and values from. */
  private final Map<String, Map<String, AttributeValue>> model = new LinkedHashMap<>();

  @BeforeAll
  static void startBoth() {
    Map<String, String> env = System.getenv();
    String search = Emulator.searchPath(env);
    Path moto = RequiredInCi.require(Emulator.onPath("moto_server", search), "FastMotoDifferentialIT",
        "moto_server is not on the PATH (" + search + "): install it with `pip install 'moto[server]'`", env);
    stockServer = MotoServer.start(moto);
    fastServer = MotoServer.startFast(moto);
    assertTrue(fastServer.fastQuery(),
        "fast_moto.py did not install its Query shortcut on this moto. Its output:\n" + fastServer.output());
    stock = client(stockServer);
    fast = client(fastServer);
    TemplateTable template = TemplateTable.fromTemplate();
    template.create(stock, TABLE);
    template.create(fast, TABLE);
  }

  @AfterAll
  static void stopBoth() {
    for (AutoCloseable c : new AutoCloseable[] {stock, fast, stockServer, fastServer}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort
        }
      }
    }
  }

  @Test
  void randomQueriesAloneOrConcurrentGiveIdenticalPagesOnStockAndFastMoto() throws Exception {
    List<Map<String, AttributeValue>> items = shapes.generate(40, 8);
    ProjectShapedItems.load(stock, TABLE, items);
    ProjectShapedItems.load(fast, TABLE, items);
    items.forEach(this::remember);

    int pages = 0;
    int nonEmpty = 0;
    for (int q = 0; q < QUERIES; q++) {
      if (q % 8 == 7) {
        mutate();
      }
      QueryRequest request = randomQuery();
      List<QueryResponse> expected = allPages(stock, request, "seed " + seed + ", query " + q);
      assertSamePages(expected, allPages(fast, request, "seed " + seed + ", query " + q), "seed " + seed + ", query " + q);
      pages += expected.size();
      nonEmpty += (int) expected.stream().filter(page -> !page.items().isEmpty()).count();
    }
    System.out.printf("[FastMotoDifferentialIT] seed %d: %d Queries, %d pages (%d non-empty) identical on %d items%n",
        seed, QUERIES, pages, nonEmpty, model.size());
    assertTrue(nonEmpty > QUERIES / 3, "too few Queries found anything: the differential says little");

    concurrentQueriesGiveThePagesEachGivesAlone();
  }

  /**
   * {@value #CONCURRENT_QUERIES} random Queries over the table as it now is, {@value #THREADS} at a
   * time on fast moto, all released together; each one's pages compared with stock moto's answer
   * to it alone.
   */
  private void concurrentQueriesGiveThePagesEachGivesAlone() throws Exception {
    List<QueryRequest> requests = new ArrayList<>();
    List<List<QueryResponse>> expected = new ArrayList<>();
    for (int q = 0; q < CONCURRENT_QUERIES; q++) {
      QueryRequest request = randomQuery();
      requests.add(request);
      expected.add(allPages(stock, request, "seed " + seed + ", concurrent query " + q));
    }
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<QueryResponse>>> answers = new ArrayList<>();
    try {
      for (int q = 0; q < CONCURRENT_QUERIES; q++) {
        QueryRequest request = requests.get(q);
        String where = "seed " + seed + ", concurrent query " + q;
        answers.add(threads.submit(() -> {
          go.await();
          return allPages(fast, request, where);
        }));
      }
      go.countDown();
      int pages = 0;
      for (int q = 0; q < CONCURRENT_QUERIES; q++) {
        assertSamePages(expected.get(q), answers.get(q).get(), "seed " + seed + ", concurrent query " + q + ": " + requests.get(q));
        pages += expected.get(q).size();
      }
      System.out.printf("[FastMotoDifferentialIT] seed %d: %d Queries sent %d at a time, %d pages identical%n",
          seed, CONCURRENT_QUERIES, THREADS, pages);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Every page of {@code request}, from the first to the last. */
  private static List<QueryResponse> allPages(DynamoDbClient dynamo, QueryRequest request, String where) {
    List<QueryResponse> pages = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    for (int page = 0; ; page++) {
      QueryResponse response = dynamo.query(request.toBuilder().exclusiveStartKey(start).build());
      pages.add(response);
      if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
        return pages;
      }
      assertTrue(page < 1000, where + ": paging does not end");
      start = response.lastEvaluatedKey();
    }
  }

  /** The same pages: items, Count, ScannedCount and LastEvaluatedKey of each. */
  private static void assertSamePages(List<QueryResponse> expected, List<QueryResponse> actual, String where) {
    for (int page = 0; page < Math.min(expected.size(), actual.size()); page++) {
      String at = where + " page " + page;
      assertEquals(expected.get(page).items(), actual.get(page).items(), at);
      assertEquals(expected.get(page).count(), actual.get(page).count(), at);
      assertEquals(expected.get(page).scannedCount(), actual.get(page).scannedCount(), at);
      assertEquals(expected.get(page).lastEvaluatedKey(), actual.get(page).lastEvaluatedKey(), at);
    }
    assertEquals(expected.size(), actual.size(), where + ": pages");
  }

  private QueryRequest randomQuery() {
    int target = random.nextInt(4);
    String index = target == 2 ? "gsi1" : target == 3 ? "gsi2" : null;
    String hashAttr = index == null ? "pk" : index + "pk";
    String sortAttr = index == null ? "sk" : index + "sk";
    List<Map<String, AttributeValue>> withHash = model.values().stream().filter(i -> i.containsKey(hashAttr)).toList();
    String hash = random.nextInt(12) == 0 || withHash.isEmpty()
        ? "NO#SUCH#" + random.nextInt(5)
        : withHash.get(random.nextInt(withHash.size())).get(hashAttr).s();
    TreeSet<String> sorts = new TreeSet<>();
    model.values().stream()
        .filter(i -> i.containsKey(hashAttr) && i.get(hashAttr).s().equals(hash) && i.containsKey(sortAttr))
        .forEach(i -> sorts.add(i.get(sortAttr).s()));
    List<String> sortValues = new ArrayList<>(sorts);

    Map<String, String> names = new HashMap<>(Map.of("#h", hashAttr));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":h", s(hash)));
    String condition = "#h = :h";
    String some = sortValues.isEmpty() ? "FACT#2024-06" : sortValues.get(random.nextInt(sortValues.size()));
    switch (random.nextInt(6)) {
      case 0, 1 -> { }
      case 2 -> {
        names.put("#s", sortAttr);
        values.put(":s", s(some.substring(0, Math.min(some.length(), 1 + random.nextInt(some.length() + 1)))));
        condition += " AND begins_with(#s, :s)";
      }
      case 3 -> {
        String other = sortValues.isEmpty() ? "FACT#2024-09" : sortValues.get(random.nextInt(sortValues.size()));
        names.put("#s", sortAttr);
        values.put(":a", s(some.compareTo(other) <= 0 ? some : other));
        values.put(":b", s(some.compareTo(other) <= 0 ? other : some));
        condition += " AND #s BETWEEN :a AND :b";
      }
      case 4 -> {
        names.put("#s", sortAttr);
        values.put(":s", s(some));
        condition += " AND #s = :s";
      }
      default -> {
        names.put("#s", sortAttr);
        values.put(":s", s(some));
        condition += random.nextBoolean() ? " AND #s < :s" : " AND #s >= :s";
      }
    }
    QueryRequest.Builder request = QueryRequest.builder().tableName(TABLE).indexName(index)
        .keyConditionExpression(condition)
        .scanIndexForward(random.nextInt(3) != 0);
    if (random.nextInt(5) < 3) {
      request.limit(1 + random.nextInt(6));
    }
    if (random.nextInt(10) < 3) {
      if (index == null) {
        switch (random.nextInt(4)) {
          case 0 -> request.filterExpression("attribute_exists(expiresAt)");
          case 1 -> {
            values.put(":amount", n(random.nextInt(10_000)));
            request.filterExpression("amount > :amount");
          }
          case 2 -> request.filterExpression("attribute_not_exists(gsi1pk)");
          default -> {
            values.put(":kind", s("MRR"));
            names.put("#k", "kind");
            request.filterExpression("#k = :kind");
          }
        }
      } else {
        values.put(":p", s(random.nextBoolean() ? "CLIENT#" : "PARTNER#"));
        request.filterExpression("begins_with(pk, :p)");
      }
    }
    if (index == null && random.nextInt(5) == 0) {
      request.projectionExpression("pk, sk, amount, expiresAt");
    }
    return request.expressionAttributeNames(names).expressionAttributeValues(values).build();
  }

  /** A few writes, the same on both: puts, updates (in and out of the indexes), deletes. */
  private void mutate() {
    List<Map<String, AttributeValue>> all = new ArrayList<>(model.values());
    for (int i = 0; i < 3 && !all.isEmpty(); i++) {
      Map<String, AttributeValue> victim = all.get(random.nextInt(all.size()));
      Map<String, AttributeValue> key = Map.of("pk", victim.get("pk"), "sk", victim.get("sk"));
      switch (random.nextInt(5)) {
        case 0 -> {
          Map<String, AttributeValue> fact = shapes.fact(victim.get("pk").s(), 100 + random.nextInt(900));
          stock.putItem(b -> b.tableName(TABLE).item(fact));
          fast.putItem(b -> b.tableName(TABLE).item(fact));
          remember(fact);
        }
        case 1 -> update(key, "SET gsi1pk = :e, gsi1sk = :k", Map.of(":e", s(shapes.email()), ":k", victim.get("pk")));
        case 2 -> update(key, "REMOVE gsi1pk, gsi2pk", Map.of());
        case 3 -> update(key, "SET amount = :a, gsi2pk = :g, gsi2sk = :k",
            Map.of(":a", n(random.nextInt(10_000)), ":g", s("SHARD#" + random.nextInt(8)), ":k", victim.get("sk")));
        default -> {
          stock.deleteItem(b -> b.tableName(TABLE).key(key));
          fast.deleteItem(b -> b.tableName(TABLE).key(key));
          model.remove(key.get("pk").s() + "\u0000" + key.get("sk").s());
        }
      }
    }
  }

  private void update(Map<String, AttributeValue> key, String expression, Map<String, AttributeValue> values) {
    var request = software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.builder()
        .tableName(TABLE).key(key).updateExpression(expression).returnValues(ReturnValue.ALL_NEW)
        .expressionAttributeValues(values.isEmpty() ? null : values).build();
    Map<String, AttributeValue> expected = stock.updateItem(request).attributes();
    Map<String, AttributeValue> actual = fast.updateItem(request).attributes();
    assertEquals(expected, actual, "seed " + seed + ": " + request);
    remember(expected);
  }

  private void remember(Map<String, AttributeValue> item) {
    model.put(item.get("pk").s() + "\u0000" + item.get("sk").s(), item);
  }

  private static DynamoDbClient client(MotoServer server) {
    return new Emulator(Emulator.Kind.MOTO_SERVER, server.endpoint(), Region.US_EAST_1,
        Emulator.credentials(Map.of())).newDynamoDbClient();
  }
}
