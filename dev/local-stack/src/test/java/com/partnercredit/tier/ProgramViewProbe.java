package com.partnercredit.tier;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.wiring.Priming;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The program view's own handler on a given client (hence this package), for benchmarks that count requests. */
public final class ProgramViewProbe {
  private static final CreditEngine ENGINE = new CreditEngine(RuleTablesLoader.fromClasspath());

  private ProgramViewProbe() {}

  /** Milliseconds to read every standing, then to evaluate them all now: where a listing's time goes. */
  public static long[] split(DynamoDbClient dynamo, String table) throws Exception {
    long started = System.nanoTime();
    var standings = new ReadModelStore(dynamo, table).standings();
    long read = System.nanoTime();
    java.time.Instant now = java.time.Instant.now();
    int known = 0;
    for (var standing : standings) {
      known += ENGINE.figures(standing, now).isPresent() ? 1 : 0;
    }
    long evaluated = System.nanoTime();
    if (known == 0 && !standings.isEmpty()) {
      throw new IllegalStateException("no standing answered");
    }
    return new long[] {(read - started) / 1_000_000, (evaluated - read) / 1_000_000};
  }

  /** Answers {@code GET /partners} with {@code query} for an administrator; returns the status. */
  public static int status(DynamoDbClient dynamo, String table, Map<String, String> query) {
    ProgramView view = new ProgramView(new ReadModelStore(dynamo, table),
        new SnapshotStore(dynamo, table, new BatchWriter(dynamo, table)), ENGINE);
    PartnersHandler handler = new PartnersHandler(view, Clock.systemUTC(), Duration.ofMinutes(2), measurement -> {});
    return handler.handleRequest(Priming.authorizedGet(PartnersHandler.LIST_ROUTE, "/partners", Map.of(), query,
        Map.of("sub", "benchmark", Caller.SCOPE_CLAIM, Caller.ADMIN_SCOPE)), null).getStatusCode();
  }
}
