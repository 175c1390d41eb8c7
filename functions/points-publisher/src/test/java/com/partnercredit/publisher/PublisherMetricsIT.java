package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import com.partnercredit.testsupport.Emulator;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * What one publication writes (issue 12): a valid EMF document with the partners published and
 * failed, the events put, the shards, the duration, and the time since the last successful run;
 * a failed run says so and is still measured.
 */
class PublisherMetricsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final RuleTables RULES = RuleTablesLoader.fromClasspath();
  private static EventBridgeClient events;
  private static String bus;

  private final List<String> emf = new ArrayList<>();

  @BeforeAll
  static void createTheBus() {
    Emulator emulator = Emulator.shared();
    events = EventBridgeClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(emulator.endpoint()).region(emulator.region()).credentialsProvider(emulator.credentials())
        .build();
    bus = "partner-credit-metrics-it-" + UUID.randomUUID().toString().substring(0, 8);
    events.createEventBus(b -> b.name(bus));
  }

  @AfterAll
  static void deleteTheBus() {
    events.deleteEventBus(b -> b.name(bus));
    events.close();
  }

  private PublisherHandler handler(DynamoDbClient dynamo, String table, Clock clock) {
    BatchWriter writer = new BatchWriter(dynamo, table);
    Publisher publisher = new Publisher(new FactStore(dynamo, table, Clock.systemUTC()), new CreditEngine(RULES), RULES,
        new SnapshotStore(dynamo, table, writer), new EventBus(events, bus), new PartitionMentions(dynamo, table));
    return new PublisherHandler(new PublicationRun(publisher, new LastPublication(dynamo, table, writer),
        new EmfMetrics("PartnerCredit/metrics-it", emf::add, Clock.systemUTC()), clock));
  }

  private static Map<String, Object> scheduledAt(Instant asOf) {
    return Map.of("time", asOf.toString(), "source", "aws.events", "detail-type", "Scheduled Event");
  }

  private static Context context(String requestId) {
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
  }

  private Map<String, Object> document(int index) throws Exception {
    Map<String, Object> doc = JSON.std.mapFrom(emf.get(index));
    assertEquals(List.of(), EmfSpec.violations(doc), doc.toString());
    return doc;
  }

  @Test
  void aRunWritesValidEmfAndTheNextOneKnowsHowLongAgoTheLastSucceeded() throws Exception {
    Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long partner = StoredFacts.newId();
    new StoredFacts(DYNAMO.client(), DYNAMO.tableName())
        .store(StoredFacts.scenario().partner(partner, "metrics" + partner + ".com", asOf.minus(Duration.ofDays(30))));
    Instant firstRunAt = Instant.parse("2026-11-28T02:00:05Z");
    Instant secondRunAt = firstRunAt.plus(Duration.ofHours(24));

    try (DynamoDbClient dynamo = Emulator.shared().newDynamoDbClient(DynamoDbCalls.INTERCEPTOR)) {
      handler(dynamo, DYNAMO.tableName(), Clock.fixed(firstRunAt, ZoneOffset.UTC)).handleRequest(scheduledAt(asOf), context("run-1"));
      handler(dynamo, DYNAMO.tableName(), Clock.fixed(secondRunAt, ZoneOffset.UTC)).handleRequest(scheduledAt(asOf), context("run-2"));
    }

    Map<String, Object> first = document(0);
    assertEquals("points-publisher", first.get("Function"));
    assertEquals("run", first.get("log"));
    assertEquals("run-1", first.get("requestId"));
    assertEquals(asOf.toString(), first.get("asOf"));
    assertEquals(1, first.get("RunSucceeded"));
    assertEquals(0, first.get("RunFailed"));
    assertEquals(1, first.get("PartnersPublished"));
    assertEquals(0, first.get("PartnersFailed"));
    assertEquals(1, first.get("EventsPut"));
    assertEquals(8, first.get("Shards"));
    assertTrue(first.containsKey("Duration"));
    assertTrue(((Number) first.get("DynamoDbRequests")).intValue() > 0, first.toString());
    assertEquals("ok", first.get("outcome"));
    assertFalse(first.containsKey("SinceLastSuccess"), "nothing succeeded before the first run");
    assertEquals(Duration.ofHours(24).getSeconds(), ((Number) document(1).get("SinceLastSuccess")).longValue());
  }

  @Test
  void aFailedRunIsMeasuredAsFailedAndStillFails() throws Exception {
    String missing = "no-such-table-" + UUID.randomUUID();

    assertThrows(IllegalStateException.class, () -> handler(DYNAMO.client(), missing, Clock.systemUTC())
        .handleRequest(scheduledAt(Instant.now()), context("run-x")));

    Map<String, Object> doc = document(0);
    assertEquals(0, doc.get("RunSucceeded"));
    assertEquals(1, doc.get("RunFailed"));
    assertEquals("failed", doc.get("outcome"));
    assertFalse(doc.containsKey("PartnersPublished"));
  }
}
