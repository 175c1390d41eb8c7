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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * are then exactly a fault-free run's, and every event of the fault-free run was put, as the bus
 * accepted it ({@link CapturedEvents}). Every kind of fault was injected, and at least one step
 * attempt failed and was retried. An event is put again only when a final step failed after a
 * PutEvents call but before the markers of that call were written (the table failing past the SDK's
 * retries): every put of an event but its last was made by a step attempt that then failed, so an
 * event put twice by attempts that did not fail is doubled, and none is.
 */
class PublisherFaultsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);
  private static final int RUNS = 12;
  private static final int CLIENTS = 20;

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

  /** Three partners, sharing every third client, over several groups of two clients. */
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
    for (int c = 0; c < CLIENTS; c++) {
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
    puts().forEach((event, attempts) -> counts.put(event, attempts.size()));
    return counts;
  }

  /** Each captured event (detail type and detail), with the step attempts that put it, in order. */
  private static Map<String, List<Object>> puts() {
    Map<String, List<Object>> puts = new TreeMap<>();
    synchronized (CAPTURED) {
      for (int i = 0; i < CAPTURED.entries.size(); i++) {
        var e = CAPTURED.entries.get(i);
        puts.computeIfAbsent(e.detailType() + " " + e.detail(), k -> new ArrayList<>()).add(CAPTURED.attempts.get(i));
      }
    }
    return puts;
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
    Set<Object> failedAttempts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicLong attemptIds = new AtomicLong();
    try (DynamoDbClient dynamo = faulted(faults)) {
      InProcessRun publisher = publisher(dynamo).around((function, call) -> {
        String attempt = function + "#" + attemptIds.incrementAndGet();
        try {
          return CAPTURED.during(attempt, call);
        } catch (Exception e) {
          failedAttempts.add(attempt);
          throw e;
        }
      });
      // Once an execution completes, the schedule may start another as of the same time (EventBridge
      // delivers at least once): until every kind of fault was drawn and a step attempt failed, it
      // does, and that must change nothing and put no event again.
      int completed = 0;
      while (runs < RUNS && (completed == 0 || (completed < 4
          && (retriedSteps == 0 || Arrays.stream(Fault.values()).anyMatch(f -> faults.injected(f) == 0))))) {
        runs++;
        try {
          publisher.run(asOf);
          completed++;
        } catch (StateMachineRun.Failed e) {
          failures.add(e.getMessage());
        }
        retriedSteps += publisher.invocations().stream().filter(i -> i.error() != null).count();
        failedBuckets += publisher.invocations().stream()
            .filter(i -> i.error() != null && i.function().equals("PublisherFinishFunction")).count();
      }
      assertTrue(completed > 0, "no run completed in " + RUNS + ": " + failures);
    }

    Map<String, Integer> putEvents = captured();
    int lost = 0;
    int reput = 0;
    int doubled = 0;
    for (String event : expectedEvents.keySet()) {
      if (!putEvents.containsKey(event)) {
        lost++;
      } else {
        reput += putEvents.get(event) - 1;
      }
    }
    for (List<Object> attempts : puts().values()) {
      // every put but the last must have been made by an attempt that failed afterwards
      long byFailed = attempts.stream().filter(failedAttempts::contains).count();
      doubled += (int) Math.max(0, attempts.size() - 1 - byFailed);
    }
    Map<String, Object> report = new HashMap<>();
    report.put("faults", faults.snapshot());
    report.put("executions", runs);
    report.put("step attempts failed (retried)", retriedSteps);
    report.put("bucket attempts failed", failedBuckets);
    report.put("events expected", expectedEvents.size());
    report.put("events lost", lost);
    report.put("events put again by a retried step or run", reput);
    report.put("events doubled (put again although the attempt that put them did not fail)", doubled);
    System.out.println("PUBLISHER-FAULTS-IT " + new TreeMap<>(report));

    for (Fault fault : Fault.values()) {
      assertTrue(faults.injected(fault) > 0, "no " + fault + " injected: " + faults.snapshot());
    }
    assertTrue(retriedSteps > 0, "no step attempt failed and was retried: the faults tested nothing past the SDK's retries: "
        + new TreeMap<>(report));
    assertEquals(expectedSnapshots, snapshots(partners));
    assertEquals(0, lost, "events lost: expected " + expectedEvents.keySet() + " put " + putEvents.keySet());
    assertEquals(expectedEvents.keySet(), putEvents.keySet(), "an event a fault-free run does not put");
    assertTrue(reput <= EventBus.BATCH_SIZE * failedBuckets,
        "put again: at most one call's events per failed bucket attempt: " + new TreeMap<>(report));
    assertEquals(0, doubled, "an event put again although the attempt that put it did not fail: " + new TreeMap<>(report));
  }
}
