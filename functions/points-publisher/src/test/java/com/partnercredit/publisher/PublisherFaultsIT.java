package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.FaultInjector;
import com.partnercredit.testsupport.FaultInjector.Fault;
import com.partnercredit.testsupport.StateMachineRun;
import com.partnercredit.wiring.AwsModule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The fanned-out publisher under injected DynamoDB faults ({@link FaultInjector}: throttling, 500s,
 * lost answers, unprocessed items), run as AWS runs it ({@link InProcessRun}: the template's state
 * machine, each step retried as its {@code Retry} says); an execution that still fails is started
 * again as of the same time (a redrive, or the schedule's retry), until one completes. The snapshots
 * are then exactly a fault-free run's, and every event of the fault-free run was put. An event is put
 * again only when a final step failed after a PutEvents call but before the markers of that call were
 * written (the table failing past the SDK's retries): at most that call's 10 events per failed attempt.
 */
class PublisherFaultsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);
  private static final int RUNS = 10;

  private static EventBridgeClient events;
  private static final CapturedEvents CAPTURED = new CapturedEvents();
  private static String bus;

  private final Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void createTheBus() {
    Emulator emulator = Emulator.shared();
    events = emulator.configure(EventBridgeClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(CAPTURED))
        .build();
    bus = "partner-credit-faults-" + UUID.randomUUID().toString().substring(0, 8);
    events.createEventBus(b -> b.name(bus));
  }

  @AfterAll
  static void deleteTheBus() {
    events.deleteEventBus(b -> b.name(bus));
    events.close();
  }

  private InProcessRun publisher(DynamoDbClient dynamo) {
    return new InProcessRun(dynamo, DYNAMO.tableName(), Clock.fixed(asOf, ZoneOffset.UTC), events, bus,
        new ShardPlanner(4, 1_000), 2);
  }

  private static DynamoDbClient faulted(FaultInjector faults) {
    return Emulator.shared().newDynamoDbClient(c -> AwsModule.boundedRetries(c).addExecutionInterceptor(faults));
  }

  /** Three partners, two sharing clients, over several groups of two clients. */
  private List<Long> seed() throws Exception {
    Scenario fixtures = Scenario.numbered(IDS.addAndGet(100_000));
    List<Long> partners = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      long partner = IDS.incrementAndGet();
      partners.add(partner);
      String domain = "agency" + partner + ".com";
      fixtures.partner(partner, domain, asOf.minus(Duration.ofDays(200)))
          .employeeAdded(partner, 900 + p, "e@" + domain, asOf.minus(Duration.ofDays(200)));
    }
    for (int c = 0; c < 7; c++) {
      long client = IDS.incrementAndGet();
      fixtures.client(client, "USD", (100 * (c + 1)) + ".00", asOf.minus(Duration.ofDays(100)));
      for (int p = 0; p < (c % 3 == 0 ? 2 : 1); p++) {
        long partner = partners.get((c + p) % 3);
        long user = 10L * c + p;
        fixtures.userAdded(client, user, "e@agency" + partner + ".com", asOf.minus(Duration.ofDays(90)))
            .activity(client, user, asOf.minus(Duration.ofDays(1 + c * 8L)));
      }
      if (c % 2 == 0) {
        fixtures.dealSold(partners.get(c % 3), client, "250.00", "USD", DealKind.SOURCED, asOf.minus(Duration.ofDays(3)));
      }
    }
    new StoredFacts(DYNAMO.client(), DYNAMO.tableName()).store(fixtures);
    ReadModelBuild.upToDate(DYNAMO.client(), DYNAMO.tableName(), Clock.systemUTC());
    return partners;
  }

  private Map<Long, Map<String, AttributeValue>> snapshots(List<Long> partners) {
    Map<Long, Map<String, AttributeValue>> all = new TreeMap<>();
    for (long partner : partners) {
      Map<String, AttributeValue> item = DYNAMO.client().getItem(g -> g.tableName(DYNAMO.tableName()).consistentRead(true)
          .key(Map.of("pk", AttributeValue.fromS(Keys.snapshots(partner)),
              "sk", AttributeValue.fromS(Keys.snapshotDay(asOf.atOffset(ZoneOffset.UTC).toLocalDate()))))).item();
      all.put(partner, item == null || item.isEmpty() ? null : item);
    }
    return all;
  }

  private void deleteSnapshots(List<Long> partners) {
    for (long partner : partners) {
      DYNAMO.client().deleteItem(d -> d.tableName(DYNAMO.tableName())
          .key(Map.of("pk", AttributeValue.fromS(Keys.snapshots(partner)),
              "sk", AttributeValue.fromS(Keys.snapshotDay(asOf.atOffset(ZoneOffset.UTC).toLocalDate())))));
    }
  }

  /** Deletes the markers of the events put as of {@code asOf}, as if no run had put them. */
  private void deleteMarkers() {
    for (int bucket = 0; bucket < Keys.ENTITY_SHARDS; bucket++) {
      String pk = Keys.runEventsPut(asOf.toEpochMilli(), bucket);
      DYNAMO.client().queryPaginator(q -> q.tableName(DYNAMO.tableName()).consistentRead(true)
          .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
          .items().forEach(item -> DYNAMO.client().deleteItem(d -> d.tableName(DYNAMO.tableName())
              .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))));
    }
  }

  /** Each captured event (detail type and detail), with how many times it was put. */
  private static Map<String, Integer> captured() {
    Map<String, Integer> counts = new TreeMap<>();
    synchronized (CAPTURED) {
      CAPTURED.entries.forEach(e -> counts.merge(e.detailType() + " " + e.detail(), 1, Integer::sum));
    }
    return counts;
  }

  @Test
  void aRunRetriedAsOfTheSameTimeAfterFaultsPublishesWhatAFaultFreeRunDoes() throws Exception {
    List<Long> partners = seed();
    CAPTURED.clear();
    publisher(DYNAMO.client()).run(asOf);
    Map<Long, Map<String, AttributeValue>> expectedSnapshots = snapshots(partners);
    Map<String, Integer> expectedEvents = captured();
    assertTrue(expectedSnapshots.values().stream().allMatch(s -> s != null), expectedSnapshots.toString());
    assertTrue(expectedEvents.size() >= partners.size(), expectedEvents.toString());

    deleteSnapshots(partners);
    deleteMarkers();
    CAPTURED.clear();
    FaultInjector faults = new FaultInjector(42)
        .rate(Fault.THROTTLE, 0.2)
        .rate(Fault.SERVER_ERROR, 0.05)
        .rate(Fault.TIMEOUT, 0.05)
        .rate(Fault.UNPROCESSED, 0.5);
    int runs = 0;
    long retriedSteps = 0;
    long failedBuckets = 0;
    List<String> failures = new ArrayList<>();
    try (DynamoDbClient dynamo = faulted(faults)) {
      InProcessRun publisher = publisher(dynamo);
      boolean done = false;
      while (!done && runs < RUNS) {
        runs++;
        try {
          publisher.run(asOf);
          done = true;
        } catch (StateMachineRun.Failed e) {
          failures.add(e.getMessage());
        }
        retriedSteps += publisher.invocations().stream().filter(i -> i.error() != null).count();
        failedBuckets += publisher.invocations().stream()
            .filter(i -> i.error() != null && i.function().equals("PublisherFinishFunction")).count();
      }
      assertTrue(done, "no run completed in " + RUNS + ": " + failures);
    }

    Map<String, Integer> putEvents = captured();
    int lost = 0;
    int reput = 0;
    for (String event : expectedEvents.keySet()) {
      if (!putEvents.containsKey(event)) {
        lost++;
      } else {
        reput += putEvents.get(event) - 1;
      }
    }
    Map<String, Object> report = new HashMap<>();
    report.put("faults", faults.snapshot());
    report.put("executions", runs);
    report.put("step attempts failed (retried)", retriedSteps);
    report.put("bucket attempts failed", failedBuckets);
    report.put("events expected", expectedEvents.size());
    report.put("events lost", lost);
    report.put("events put again by a retried step or run", reput);
    System.out.println("PUBLISHER-FAULTS-IT " + new TreeMap<>(report));

    assertTrue(faults.injectedTotal() > 0, "no fault injected");
    assertEquals(expectedSnapshots, snapshots(partners));
    assertEquals(0, lost, "events lost: expected " + expectedEvents.keySet() + " put " + putEvents.keySet());
    assertEquals(expectedEvents.keySet(), putEvents.keySet(), "an event a fault-free run does not put");
    assertTrue(reput <= EventBus.BATCH_SIZE * failedBuckets,
        "put again: at most one call's events per failed bucket attempt: " + new TreeMap<>(report));
  }
}
