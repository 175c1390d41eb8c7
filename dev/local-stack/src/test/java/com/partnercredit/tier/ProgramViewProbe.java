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

  /** Answers {@code GET /partners} with {@code query} for an administrator; returns the status. */
  public static int status(DynamoDbClient dynamo, String table, Map<String, String> query) {
    ProgramView view = new ProgramView(new ReadModelStore(dynamo, table),
        new SnapshotStore(dynamo, table, new BatchWriter(dynamo, table)), ENGINE);
    PartnersHandler handler = new PartnersHandler(view, Clock.systemUTC(), Duration.ofMinutes(2), measurement -> {});
    return handler.handleRequest(Priming.authorizedGet(PartnersHandler.LIST_ROUTE, "/partners", Map.of(), query,
        Map.of("sub", "benchmark", Caller.SCOPE_CLAIM, Caller.ADMIN_SCOPE)), null).getStatusCode();
  }
}
