package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.StateMachineRun;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * What one publication writes (issue 12), now from its last step: one valid EMF document per run with
 * the partners published and failed, the events put, the shard workers and the slowest, the duration
 * from the execution's start, every step's DynamoDB requests, and the time since the last successful
 * run; a run whose step failed says so, is still measured, and fails.
 */
class PublisherMetricsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static EventBridgeClient events;
  private static String bus;

  private final List<String> emf = new ArrayList<>();

  @BeforeAll
  static void createTheBus() {
    Emulator emulator = Emulator.shared();
    events = emulator.configure(EventBridgeClient.builder()).build();
    bus = "partner-credit-metrics-it-" + UUID.randomUUID().toString().substring(0, 8);
    events.createEventBus(b -> b.name(bus));
  }

  @AfterAll
  static void deleteTheBus() {
    events.deleteEventBus(b -> b.name(bus));
    events.close();
  }

  private InProcessRun publication(DynamoDbClient dynamo, String table, Clock clock) {
    return new InProcessRun(dynamo, table, clock, events, bus, ShardPlanner.standard(), ShardWorker.PARTNER_GROUP,
        new EmfMetrics("PartnerCredit/metrics-it", emf::add, Clock.systemUTC()));
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
    ReadModelBuild.upToDate(DYNAMO.client(), DYNAMO.tableName(), Clock.systemUTC());
    Instant firstRunAt = asOf.plusSeconds(5);
    Instant secondRunAt = firstRunAt.plus(Duration.ofHours(24));

    try (DynamoDbClient dynamo = Emulator.shared().newDynamoDbClient(DynamoDbCalls.INTERCEPTOR)) {
      publication(dynamo, DYNAMO.tableName(), Clock.fixed(firstRunAt, ZoneOffset.UTC)).run(asOf);
      publication(dynamo, DYNAMO.tableName(), Clock.fixed(secondRunAt, ZoneOffset.UTC)).run(asOf);
    }

    assertEquals(2, emf.size(), "one document per run: " + emf);
    Map<String, Object> first = document(0);
    assertEquals("points-publisher", first.get("Function"));
    assertEquals("run", first.get("log"));
    assertTrue(first.get("requestId") instanceof String, first.toString());
    assertTrue(String.valueOf(first.get("execution")).contains("PublisherStateMachine"), first.toString());
    assertEquals(asOf.toString(), first.get("asOf"));
    assertEquals(1, first.get("RunSucceeded"));
    assertEquals(0, first.get("RunFailed"));
    assertEquals(1, first.get("PartnersPublished"));
    assertEquals(0, first.get("PartnersFailed"));
    assertEquals(1, first.get("EventsPut"));
    assertEquals(0, first.get("EventsAlreadyPut"));
    assertEquals(1, first.get("PutEventsCalls"));
    assertEquals(0, first.get("ClientsRead"));
    assertEquals(Keys.ENTITY_SHARDS, first.get("Shards"), "no client yet: one empty shard per gsi2 partition");
    assertTrue(first.containsKey("SlowestShard"), first.toString());
    assertEquals(0, ((Number) first.get("Duration")).intValue(), "the fixed clock: the execution started then");
    assertTrue(((Number) first.get("DynamoDbRequests")).intValue() >= 8 + 8 + 8, "every step's requests: " + first);
    assertEquals("ok", first.get("outcome"));
    assertFalse(first.containsKey("SinceLastSuccess"), "nothing succeeded before the first run");
    Map<String, Object> second = document(1);
    assertEquals(Duration.ofHours(24).getSeconds(), ((Number) second.get("SinceLastSuccess")).longValue());
    assertEquals(0, second.get("EventsPut"), "a re-run as of the same time puts nothing again");
    assertEquals(1, second.get("EventsAlreadyPut"));
    assertEquals(0, second.get("PutEventsCalls"));
  }

  @Test
  void aRunWhoseStepFailedIsMeasuredAsFailedAndTheExecutionFails() throws Exception {
    String missing = "no-such-table-" + UUID.randomUUID();

    assertThrows(StateMachineRun.Failed.class,
        () -> publication(DYNAMO.client(), missing, Clock.systemUTC()).run(Instant.now()));

    assertEquals(1, emf.size(), emf.toString());
    Map<String, Object> doc = document(0);
    assertEquals(0, doc.get("RunSucceeded"));
    assertEquals(1, doc.get("RunFailed"));
    assertEquals("failed", doc.get("outcome"));
    assertTrue(String.valueOf(doc.get("error")).contains("not completed"), doc.toString());
    assertFalse(doc.containsKey("PartnersPublished"));
  }
}
