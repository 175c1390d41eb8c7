package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.assignments.AssignmentChanges;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.http.HttpRequest;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.ingestion.ActivityIngestion;
import com.partnercredit.ingestion.PendingDrain;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.PendingWrites;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.FaultInjector;
import com.partnercredit.testsupport.FaultInjector.Fault;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.TemplateTable;
import com.partnercredit.tier.PointsBreakdown;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.wiring.AwsModule;
import java.nio.charset.StandardCharsets;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Both webhook routes and the breakdown under injected DynamoDB faults ({@link FaultInjector}),
 * delivered the way HubSpot delivers: a delivery is retried, up to 10 tries, while the answer is
 * 5xx. Whatever the faults, the stored items and the breakdown equal a fault-free run's: nothing
 * lost, nothing doubled. The answer times are measured and printed, never asserted (a loaded
 * machine is not a failure); what is asserted is the outcome of every delivery. What an activity
 * request kept for the drain (its writes throttled past its spill point) is drained, under the same
 * faults, before the comparison.
 *
 * <p>Each run gets its own table from template.yaml; the clients are configured as the functions'
 * ({@link AwsModule#boundedRetries}).
 */
class FaultsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  static final int HUBSPOT_TRIES = 10;
  static final ClientSecret SECRET = new ClientSecret("faults-secret".getBytes(StandardCharsets.UTF_8));
  static final String BASE_URL = "https://hooks.example.com";
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final CreditEngine ENGINE = new CreditEngine(RuleTablesLoader.fromClasspath());
  static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);

  /** The figures of the whole class, printed at the end. */
  static final Map<String, Object> REPORT = new TreeMap<>();
  static final AtomicInteger FAULTS = new AtomicInteger();
  static final AtomicInteger DELIVERIES = new AtomicInteger();
  static final AtomicInteger REPLAYS = new AtomicInteger();
  static final AtomicInteger LOST = new AtomicInteger();
  static final AtomicInteger DOUBLED = new AtomicInteger();
  static final AtomicInteger PENDING = new AtomicInteger();

  @AfterAll
  static void report() {
    REPORT.put("faults injected", FAULTS.get());
    REPORT.put("deliveries", DELIVERIES.get());
    REPORT.put("deliveries replayed (5xx answered, tried again)", REPLAYS.get());
    REPORT.put("items lost", LOST.get());
    REPORT.put("items doubled", DOUBLED.get());
    REPORT.put("pending items drained (activity writes throttled past a request's spill point)", PENDING.get());
    System.out.println("FAULTS-IT " + REPORT);
  }

  /** One world: a partner, its employees, clients with users, subscriptions, deals, and activities. */
  record World(long partner, List<Map<String, Object>> assignments, List<Map<String, Object>> activities) {}

  static World world() {
    long partner = IDS.incrementAndGet();
    List<Map<String, Object>> changes = new ArrayList<>();
    Instant start = NOW.minus(Duration.ofDays(40));
    Map<String, Object> system = Map.of("role", "SYSTEM");
    Map<String, Object> admin = Map.of("role", "PARTNER_ADMIN", "partnerId", partner, "userId", 9001);
    changes.add(change("reg-" + partner, "PARTNER_REGISTERED", start, system,
        "partnerId", partner, "name", "Agency " + partner, "domains", List.of("agency" + partner + ".com"),
        "growthMarket", false));
    for (int e = 1; e <= 4; e++) {
      changes.add(change("emp-" + partner + "-" + e, "EMPLOYEE_ADDED", start.plusSeconds(e), admin,
          "partnerId", partner, "employeeId", 900 + e, "email", email(partner, e)));
    }
    List<Map<String, Object>> activities = new ArrayList<>();
    for (int c = 1; c <= 9; c++) {
      long client = IDS.incrementAndGet();
      Instant at = start.plus(Duration.ofHours(c));
      changes.add(change("client-" + client, "CLIENT_UPSERTED", at, system,
          "clientId", client, "name", "Client " + client, "domain", "client" + client + ".com", "currency", "USD"));
      changes.add(change("mrr-" + client, "SUBSCRIPTION_CHANGED", at.plusSeconds(1), system,
          "clientId", client, "mrr", (c * 100) + ".00", "currency", "USD"));
      int employee = 1 + c % 4;
      long user = 500 + c;
      changes.add(change("user-" + client, "CLIENT_USER_ADDED", at.plusSeconds(2), system,
          "clientId", client, "userId", user, "email", email(partner, employee)));
      if (c % 2 == 0) {
        changes.add(change("deal-" + client, "DEAL_SOLD", at.plusSeconds(3), system,
            "partnerId", partner, "clientId", client, "mrr", "50.00", "currency", "USD", "kind", "SOURCED"));
      }
      for (int a = 0; a < 11; a++) {
        Map<String, Object> activity = new java.util.LinkedHashMap<>();
        activity.put("eventId", client * 100 + a);
        activity.put("subscriptionId", 42);
        activity.put("portalId", client);
        activity.put("appId", 7);
        activity.put("occurredAt", NOW.minus(Duration.ofDays(1 + a * 5L)).toEpochMilli());
        activity.put("subscriptionType", "blog_post.published");
        activity.put("attemptNumber", 0);
        activity.put("objectId", 7000 + a);
        activity.put("changeSource", "CRM_UI");
        activity.put("sourceId", "userId:" + user);
        activities.add(activity);
      }
    }
    return new World(partner, changes, activities);
  }

  static String email(long partner, int employee) {
    return "e" + employee + "@agency" + partner + ".com";
  }

  static Map<String, Object> change(String eventId, String type, Instant at, Map<String, Object> actor, Object... fields) {
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("eventId", eventId);
    json.put("type", type);
    json.put("occurredAt", at.toEpochMilli());
    json.put("actor", actor);
    for (int i = 0; i < fields.length; i += 2) {
      json.put((String) fields[i], fields[i + 1]);
    }
    return json;
  }

  /** The two webhook routes and the breakdown, against one table through one client. */
  static final class Routes {
    final String table;
    final DynamoDbClient dynamo;
    final SignedWebhook webhook = new SignedWebhook(new SignatureV3(SECRET, CLOCK), measurement -> {});
    final AssignmentChanges assignments;
    final ActivityIngestion activities;
    final PendingDrain drain;
    final PointsBreakdown breakdowns;
    final List<Long> answerMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());

    Routes(FaultInjector faults, RequestCounter counter) {
      table = "FaultsIT-" + UUID.randomUUID().toString().substring(0, 8);
      TemplateTable.fromTemplate().create(DYNAMO.client(), table);
      dynamo = Emulator.shared().newDynamoDbClient(c -> {
        AwsModule.boundedRetries(c);
        c.addExecutionInterceptor(counter);
        c.addExecutionInterceptor(faults);
      });
      FactStore store = new FactStore(dynamo, table, CLOCK);
      BatchWriter writer = new BatchWriter(dynamo, table);
      assignments = new AssignmentChanges(store, writer, CLOCK);
      activities = new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, writer, CLOCK);
      drain = new PendingDrain(new PendingWrites(writer, CLOCK), writer, measurement -> {}, CLOCK,
          Duration.ofSeconds(10), 100_000);
      breakdowns = new PointsBreakdown(store, ENGINE, new SnapshotStore(dynamo, table, writer));
    }

    /** One POST as HubSpot sends it; its status. */
    int post(String path, SignedWebhook.Batch batch, String body) {
      long ts = NOW.toEpochMilli();
      Map<String, String> headers = new HashMap<>();
      headers.put("content-type", "application/json");
      headers.put("x-hubspot-signature-v3", SignatureV3.sign(SECRET, "POST", BASE_URL + path, body, ts));
      headers.put("x-hubspot-request-timestamp", Long.toString(ts));
      long started = System.nanoTime();
      HttpResponse response = webhook.handle(new HttpRequest("POST", BASE_URL + path, path, Map.of(), headers, body), batch,
          Measurement.request("faults", "POST " + path));
      answerMillis.add((System.nanoTime() - started) / 1_000_000);
      statuses.add(response.status());
      if (response.status() == 503) {
        assertEquals(SignedWebhook.RETRY_AFTER_SECONDS, response.headers().get("retry-after"), "503 without Retry-After");
      }
      return response.status();
    }

    /** HubSpot's delivery: tries again while the answer is 5xx, up to 10 tries; the last status. */
    int deliver(String path, SignedWebhook.Batch batch, String body) {
      DELIVERIES.incrementAndGet();
      int status = 0;
      for (int attempt = 1; attempt <= HUBSPOT_TRIES; attempt++) {
        status = post(path, batch, body);
        if (status < 500) {
          return status;
        }
        REPLAYS.incrementAndGet();
      }
      return status;
    }

    void deliverAll(World world, int concurrent) throws Exception {
      String assignmentBody = HttpResponse.toJson(world.assignments());
      String activityBody = HttpResponse.toJson(world.activities());
      ExecutorService threads = Executors.newFixedThreadPool(concurrent * 2);
      try {
        List<Future<Integer>> outcomes = new ArrayList<>();
        for (int t = 0; t < concurrent; t++) {
          outcomes.add(threads.submit((Callable<Integer>) () -> deliver("/webhooks/assignments", assignments, assignmentBody)));
          outcomes.add(threads.submit((Callable<Integer>) () -> deliver("/webhooks/hubspot", activities, activityBody)));
        }
        for (Future<Integer> outcome : outcomes) {
          assertEquals(200, outcome.get(), "a delivery failed after " + HUBSPOT_TRIES + " tries: " + statuses);
        }
      } finally {
        threads.shutdown();
      }
      drainPending();
    }

    /**
     * What activity requests kept for the drain (when their writes were throttled past their spill
     * point), written by the drain as its schedule runs it, under the same faults: a run that fails
     * is followed by the next one, until nothing is pending.
     */
    void drainPending() {
      int pending = pending();
      PENDING.addAndGet(pending);
      for (int run = 1; pending() > 0; run++) {
        assertTrue(run <= 20, "still pending after 20 drain runs");
        try {
          drain.run("faults-drain-" + run);
        } catch (com.partnercredit.store.StorageUnavailable e) {
          // the schedule starts the next run a minute later
        }
      }
    }

    /** Pending items in the table, read without faults. */
    int pending() {
      int count = 0;
      for (int shard = 0; shard < PendingWrites.SHARDS; shard++) {
        String pk = Keys.pending(shard);
        count += DYNAMO.client().query(q -> q.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).count();
      }
      return count;
    }

    /** Every item of the table, by key. */
    Map<String, Map<String, AttributeValue>> items() {
      Map<String, Map<String, AttributeValue>> all = new TreeMap<>();
      DYNAMO.client().scanPaginator(r -> r.tableName(table)).items()
          .forEach(item -> all.put(item.get("pk").s() + " | " + item.get("sk").s(), item));
      return all;
    }

    Optional<PartnerBreakdown> breakdown(long partner) throws Exception {
      return breakdowns.of(partner, NOW);
    }

    long maxAnswerMillis() {
      synchronized (answerMillis) {
        return answerMillis.stream().mapToLong(Long::longValue).max().orElse(0);
      }
    }
  }

  static Routes faultFree;
  static World world;

  @BeforeAll
  static void faultFreeRun() throws Exception {
    world = world();
    faultFree = new Routes(new FaultInjector(1).off(), new RequestCounter());
    faultFree.deliverAll(world, 1);
    assertTrue(faultFree.breakdown(world.partner()).isPresent());
  }

  /** Compares a faulted run's table and breakdown with the fault-free run's, and counts the differences. */
  static void assertSameAsFaultFree(Routes faulted) throws Exception {
    Map<String, Map<String, AttributeValue>> expected = faultFree.items();
    Map<String, Map<String, AttributeValue>> actual = faulted.items();
    int lost = 0;
    int doubled = 0;
    for (Map.Entry<String, Map<String, AttributeValue>> item : expected.entrySet()) {
      if (!item.getValue().equals(actual.get(item.getKey()))) {
        lost++;
      }
    }
    for (String key : actual.keySet()) {
      if (!expected.containsKey(key)) {
        doubled++;
      }
    }
    LOST.addAndGet(lost);
    DOUBLED.addAndGet(doubled);
    assertEquals(0, lost, "items lost or changed");
    assertEquals(0, doubled, "items that a fault-free run does not have");
    assertEquals(expected.size(), actual.size());
    assertEquals(faultFree.breakdown(world.partner()), faulted.breakdown(world.partner()));
  }

  @Test
  void sixtyPercentThrottlingWithFourConcurrentDeliveriesLosesAndDoublesNothing() throws Exception {
    FaultInjector faults = new FaultInjector(60).rate(Fault.THROTTLE, 0.6);
    RequestCounter counter = new RequestCounter();
    Routes routes = new Routes(faults, counter);

    routes.deliverAll(world, 4);

    faults.off(); // the comparison reads without faults
    FAULTS.addAndGet(faults.injectedTotal());
    REPORT.put("60% throttling: faults", faults.snapshot());
    REPORT.put("60% throttling: attempts", faults.attempts());
    REPORT.put("60% throttling: calls", counter.snapshot());
    REPORT.put("60% throttling: answers", statusCounts(routes.statuses));
    REPORT.put("60% throttling: max answer ms", routes.maxAnswerMillis());
    assertTrue(faults.injected(Fault.THROTTLE) > 0, "no fault was injected");
    assertSameAsFaultFree(routes);
  }

  @Test
  void everyKindOfFaultLosesAndDoublesNothing() throws Exception {
    FaultInjector faults = new FaultInjector(7)
        .rate(Fault.THROTTLE, 0.2)
        .rate(Fault.SERVER_ERROR, 0.1)
        .rate(Fault.TIMEOUT, 0.1)
        .rate(Fault.UNPROCESSED, 0.5);
    RequestCounter counter = new RequestCounter();
    Routes routes = new Routes(faults, counter);

    // HubSpot delivers the same webhooks again until every kind of fault has been drawn at least once
    // (the draws interleave with two threads, and an activity webhook makes only a few BatchWriteItem
    // calls that UNPROCESSED can split): redelivery must change nothing either.
    int deliveries = 0;
    do {
      routes.deliverAll(world, 2);
      deliveries++;
    } while (deliveries < 6 && Arrays.stream(Fault.values()).anyMatch(f -> faults.injected(f) == 0));

    faults.off(); // the comparison reads without faults
    FAULTS.addAndGet(faults.injectedTotal());
    REPORT.put("mixed faults: deliveries", deliveries);
    REPORT.put("mixed faults: faults", faults.snapshot());
    REPORT.put("mixed faults: answers", statusCounts(routes.statuses));
    REPORT.put("mixed faults: max answer ms", routes.maxAnswerMillis());
    for (Fault fault : Fault.values()) {
      assertTrue(faults.injected(fault) > 0, "no " + fault + " injected: " + faults.snapshot());
    }
    assertSameAsFaultFree(routes);
  }

  /** What {@link #breakdowns} saw: answers equal to the fault-free run's, and 503s. */
  record BreakdownOutcomes(int answered, int answeredThroughFaults, int unavailable, int faults, long maxMillis) {}

  /**
   * Asks for the breakdown up to {@code tries} times under {@code faults}, until {@code enough} says
   * so; each answer must equal the fault-free run's (right, or not at all: {@code StorageUnavailable},
   * the route's 503). An answer counts as through faults when faults were injected while it was read.
   */
  static BreakdownOutcomes breakdowns(Routes routes, FaultInjector faults, int tries,
      java.util.function.Predicate<BreakdownOutcomes> enough) throws Exception {
    Optional<PartnerBreakdown> expected = faultFree.breakdown(world.partner());
    BreakdownOutcomes outcomes = new BreakdownOutcomes(0, 0, 0, 0, 0);
    int faultsBefore = faults.injectedTotal();
    for (int i = 0; i < tries && !enough.test(outcomes); i++) {
      int injectedBefore = faults.injectedTotal();
      long started = System.nanoTime();
      boolean answered;
      try {
        Optional<PartnerBreakdown> breakdown = routes.breakdown(world.partner());
        assertEquals(expected, breakdown, "a breakdown under faults must be right or not at all");
        answered = true;
      } catch (com.partnercredit.store.StorageUnavailable e) {
        answered = false; // the route answers 503 with Retry-After
      }
      boolean throughFaults = faults.injectedTotal() > injectedBefore;
      outcomes = new BreakdownOutcomes(outcomes.answered() + (answered ? 1 : 0),
          outcomes.answeredThroughFaults() + (answered && throughFaults ? 1 : 0),
          outcomes.unavailable() + (answered ? 0 : 1), faults.injectedTotal() - faultsBefore,
          Math.max(outcomes.maxMillis(), (System.nanoTime() - started) / 1_000_000));
    }
    return outcomes;
  }

  /**
   * The breakdown reads through faults the SDK's retries absorb (20% throttling: it answers, right,
   * although faults were injected while it read), and when they do not (60%, or every call), it fails
   * as unavailable, never with a wrong answer.
   */
  @Test
  void theBreakdownAnswersUnderThrottlingOrFailsAsUnavailable() throws Exception {
    FaultInjector faults = new FaultInjector(11).off();
    Routes routes = new Routes(faults, new RequestCounter());
    routes.deliverAll(world, 1);

    faults.on().rate(Fault.THROTTLE, 0.2);
    BreakdownOutcomes light = breakdowns(routes, faults, 20, o -> o.answeredThroughFaults() >= 2);
    faults.rate(Fault.THROTTLE, 0.6);
    BreakdownOutcomes heavy = breakdowns(routes, faults, 5, o -> false);
    faults.rate(Fault.THROTTLE, 1.0);
    BreakdownOutcomes every = breakdowns(routes, faults, 2, o -> false);
    faults.off();

    FAULTS.addAndGet(faults.injectedTotal());
    REPORT.put("breakdown under 20% throttling", light);
    REPORT.put("breakdown under 60% throttling", heavy);
    REPORT.put("breakdown under 100% throttling", every);
    assertTrue(light.answeredThroughFaults() >= 2,
        "under 20% throttling the breakdown answers although faults were injected while it read: " + light);
    assertTrue(heavy.faults() > 0, "no fault injected under 60% throttling: " + heavy);
    assertEquals(5, heavy.answered() + heavy.unavailable());
    assertEquals(new BreakdownOutcomes(0, 0, 2, every.faults(), every.maxMillis()), every,
        "every call throttled: unavailable each time");
    assertTrue(every.faults() >= 2 * AwsModule.MAX_ATTEMPTS, "each try's read made every attempt the SDK allows: " + every);
  }

  /**
   * With every call throttled, one try of the assignments route retries until its deadline, then
   * answers 503 with Retry-After, having stored nothing: it neither gives up before the deadline
   * (the answer comes at most {@link #DEADLINE_EARLY} before the route's budget) nor goes on past it
   * (it comes within {@link #DEADLINE_LATE} after; without the deadline the retries would go on for
   * the SDK's call timeout of 10 s per call).
   */
  @Test
  void whenEveryCallIsThrottledEachTryAnswers503WithRetryAfterAndStopsAtTheDeadline() {
    FaultInjector faults = new FaultInjector(99).rate(Fault.THROTTLE, 1.0);
    RequestCounter counter = new RequestCounter();
    Routes routes = new Routes(faults, counter);

    int status = routes.post("/webhooks/assignments", routes.assignments, HttpResponse.toJson(world.assignments()));

    faults.off();
    FAULTS.addAndGet(faults.injectedTotal());
    long millis = routes.maxAnswerMillis();
    REPORT.put("100% throttling: one assignment try, status", status);
    REPORT.put("100% throttling: one assignment try, calls", counter.snapshot());
    REPORT.put("100% throttling: one assignment try, ms", millis);
    assertEquals(503, status); // post() checks the Retry-After
    // nothing reached the table, and the retries stopped: a bounded number of calls, not 9 attempts forever
    assertEquals(0, routes.items().size());
    assertEquals(faults.attempts(), faults.injected(Fault.THROTTLE), "every attempt was throttled");
    assertTrue(faults.attempts() < world.assignments().size() * 3 * 40, faults.attempts() + " attempts");
    long budget = SignedWebhook.BUDGET.toMillis();
    assertTrue(millis >= budget - DEADLINE_EARLY.toMillis(),
        "answered " + millis + " ms after the request: it gave up before its deadline (" + budget + " ms)");
    assertTrue(millis <= budget + DEADLINE_LATE.toMillis(),
        "answered " + millis + " ms after the request: it went on past its deadline (" + budget + " ms)");
  }

  /**
   * How early a request may give up: a retry is not started when less than its backoff (at most
   * 400 ms) and a call's minimum (50 ms) are left ({@code store.Deadline}).
   */
  static final Duration DEADLINE_EARLY = Duration.ofMillis(450);
  /**
   * How late the answer may come after the deadline: a call in flight is cut at the deadline, then
   * the answer is written; generous, for a loaded machine, and far below the 10 s a call could take.
   */
  static final Duration DEADLINE_LATE = Duration.ofSeconds(5);

  static Map<Integer, Long> statusCounts(List<Integer> statuses) {
    Map<Integer, Long> counts = new TreeMap<>();
    synchronized (statuses) {
      statuses.forEach(s -> counts.merge(s, 1L, Long::sum));
    }
    return counts;
  }
}
