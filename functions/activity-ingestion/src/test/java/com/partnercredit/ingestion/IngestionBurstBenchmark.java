package com.partnercredit.ingestion;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.TemplateTable;
import com.partnercredit.webhook.SignedWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Issue 11's ingestion budget, measured against the emulator the tests use.
 *
 * <p><b>A burst for one client</b>: 1,000 webhooks of 100 events (a contact import of 100,000 events;
 * the users are the client's partner employees and its own staff) sent through the real handler, with
 * its 3.5 s budget, by {@code -Dsenders} concurrent senders, under DynamoDB's per-partition write
 * limit ({@link HotPartition}: {@code -Dunits} write units a second per partition, on the real clock).
 * A 503 is sent again after {@code -DretryDelayMs} (HubSpot's own delays are minutes to hours; shorter
 * here, which only makes a 503 loop heavier), at most {@code -DmaxTries} times in all. The drain runs
 * meanwhile, one run after the other (its schedule starts one a minute), at {@code -DdrainPace} items
 * a second, until nothing is pending. Reported: DynamoDB requests by kind (webhooks and drain apart),
 * answers by status, the tries it took every webhook to get a 200, write units spent in the client's
 * partition (100,000 at the least) and in the pending partitions, events stored against sent, wall
 * times. {@code -Dspill=false} runs the design before (no pending writes): the 503 loop.
 *
 * <p><b>The scale.</b> moto serves one request at a time, about 30 BatchWriteItem of 25 items a second
 * on the machine measured, fewer items than one DynamoDB partition takes: at 1,000 units a second and 50
 * senders the emulator's queue, not the modelled partition, would decide. So the defaults divide
 * DynamoDB's figures by 5: a partition takes 200 units a second, 10 senders, the drain 100 items a
 * second (half a partition, as in AWS). What decides whether a request finishes within its budget is
 * its share of the partition, 200 / 10 = 20 items a second, the same as 50 senders' share of 1,000;
 * wall times are then about 5 times DynamoDB's. {@code -Dunits=1000 -Dsenders=50 -DdrainPace=500}
 * runs the figures as they are.
 *
 * <p><b>50 webhooks at once</b> ({@code -Dconcurrent=true}, before the burst): the 50 requests of
 * {@code IngestionConcurrencyIT} without the throttle, with that test's budget and with the real one:
 * per request, the BatchWriteItem calls against ⌈q/25⌉, reads, spills and 503s.
 *
 * <pre>
 * mvn -B -o -q -pl functions/activity-ingestion -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
 * cd functions/activity-ingestion
 * java -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     com.partnercredit.ingestion.IngestionBurstBenchmark [webhooks] [events]
 * </pre>
 */
public final class IngestionBurstBenchmark {
  private static final ClientSecret SECRET = new ClientSecret("benchmark-secret".getBytes(StandardCharsets.UTF_8));
  private static final String BASE_URL = "https://hooks.example.com";
  private static final int SENDERS = Integer.getInteger("senders", 10);
  private static final int UNITS = Integer.getInteger("units", HotPartition.UNITS_PER_SECOND / 5);
  private static final boolean SPILL = Boolean.parseBoolean(System.getProperty("spill", "true"));
  private static final long RETRY_DELAY_MS = Long.getLong("retryDelayMs", 5_000);
  private static final int MAX_TRIES = Integer.getInteger("maxTries", 10);
  private static final int DRAIN_PACE = Integer.getInteger("drainPace", UNITS / 2);
  private static final boolean CONCURRENT = Boolean.parseBoolean(System.getProperty("concurrent", "true"));

  private IngestionBurstBenchmark() {}

  public static void main(String[] args) throws Exception {
    int webhooks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Emulator emulator = Emulator.shared();
    System.out.println("emulator " + emulator + "; Java " + Runtime.version() + "; "
        + Runtime.getRuntime().availableProcessors() + " processors");
    if (CONCURRENT) {
      concurrent(emulator, IngestionConcurrencyIT.EMULATOR_BUDGET);
      concurrent(emulator, SignedWebhook.BUDGET);
    }
    burst(emulator, webhooks, events);
    System.exit(0);
  }

  private static String newTable(DynamoDbClient plain, String prefix) {
    String table = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    TemplateTable.fromTemplate().create(plain, table);
    return table;
  }

  /** The 50 concurrent webhooks of {@link IngestionConcurrencyIT}, the route given {@code budget}. */
  static void concurrent(Emulator emulator, Duration budget) throws Exception {
    Instant now = IngestionConcurrencyIT.NOW; // the webhooks are the test's, signed as the test signs them
    Clock clock = IngestionConcurrencyIT.CLOCK;
    try (DynamoDbClient plain = emulator.newDynamoDbClient()) {
      String table = newTable(plain, "IngestionConcurrency");
      List<ClientStaff.Client> clients = ClientStaff.store(new StoredFacts(plain, table),
          IngestionConcurrencyIT.CLIENTS, IngestionConcurrencyIT.OWN_USERS, now);
      List<IngestionConcurrencyIT.Webhook> webhooks = new ArrayList<>();
      for (int r = 0; r < IngestionConcurrencyIT.WEBHOOKS; r++) {
        webhooks.add(IngestionConcurrencyIT.webhook(r, clients, r == 0 ? null : webhooks.get(r - 1)));
      }
      RequestCounter counter = new RequestCounter();
      List<Long> millis = Collections.synchronizedList(new ArrayList<>());
      List<com.partnercredit.metrics.Measurement> measured = Collections.synchronizedList(new ArrayList<>());
      List<Map<String, Object>> answers;
      long started = System.nanoTime();
      try (DynamoDbClient counted = emulator.newDynamoDbClient(counter)) {
        IngestionHandler handler = new IngestionHandler(
            new SignedWebhook(new SignatureV3(IngestionConcurrencyIT.SECRET, clock), measured::add, budget),
            new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, new BatchWriter(counted, table), clock),
            Optional.of(BASE_URL));
        answers = IngestionConcurrencyIT.sendAtOnce(handler, webhooks, counter, millis);
      }
      long wall = (System.nanoTime() - started) / 1_000_000;
      int onBudget = 0;
      int over = 0;
      int reads = 0;
      int unavailable = 0;
      int q = 0;
      for (IngestionConcurrencyIT.Webhook webhook : webhooks) {
        Map<String, Integer> calls = counter.snapshot(webhook.name());
        q += webhook.qualifying();
        if (calls.equals(webhook.budget())) {
          onBudget++;
        } else {
          over++;
        }
        reads += calls.entrySet().stream().filter(e -> !e.getKey().equals("BatchWriteItem")).mapToInt(Map.Entry::getValue).sum();
        unavailable += ((Integer) answers.get(webhook.number()).get("status")) == 503 ? 1 : 0;
      }
      long spilled;
      synchronized (measured) {
        spilled = measured.stream().mapToLong(m -> m.value(ActivityIngestion.SPILLED).orElse(0.0).longValue()).sum();
      }
      int budgetCalls = webhooks.stream().mapToInt(w -> w.budget().getOrDefault("BatchWriteItem", 0)).sum();
      System.out.printf("%n[50 at once, budget %d ms] %d webhooks of %d events at once, %d qualifying (%d partner employee"
              + " and %d own staff users): %s calls (budget: %d BatchWriteItem); %d requests exactly on budget, %d over;"
              + " %d reads; %d items spilled; %d answers 503; answers in %s ms (median %d); %d ms in all%n",
          budget.toMillis(), webhooks.size(), IngestionConcurrencyIT.EVENTS, q, clients.size() * 3,
          clients.size() * IngestionConcurrencyIT.OWN_USERS, counter.snapshot(), budgetCalls, onBudget, over, reads, spilled,
          unavailable, IngestionConcurrencyIT.range(millis), IngestionConcurrencyIT.median(millis), wall);
      plain.deleteTable(d -> d.tableName(table));
    }
  }

  /** 1,000 webhooks of 100 events for one client, delivered as HubSpot delivers, then drained. */
  static void burst(Emulator emulator, int webhookCount, int eventsPerWebhook) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Clock clock = Clock.systemUTC(); // the drain reports how long items waited
    try (DynamoDbClient plain = emulator.newDynamoDbClient()) {
      String table = newTable(plain, "IngestionBurst");
      ClientStaff.Client client = ClientStaff.store(new StoredFacts(plain, table), 1, 5, now).get(0);
      List<String> bodies = new ArrayList<>();
      Set<Long> sent = new HashSet<>();
      AtomicLong ids = new AtomicLong(System.nanoTime() % 1_000_000 * 1_000_000L);
      List<Long> users = client.users();
      for (int w = 0; w < webhookCount; w++) {
        List<HubSpotEvents.Event> events = new ArrayList<>();
        for (int i = 0; i < eventsPerWebhook; i++) {
          long id = ids.incrementAndGet();
          sent.add(id);
          events.add(new HubSpotEvents.Event(id, client.id(), users.get((w + i) % users.size()),
              HubSpotEvents.QUALIFYING.get(i % HubSpotEvents.QUALIFYING.size()), id, now.toEpochMilli() - w * 1000L - i));
        }
        bodies.add(HubSpotEvents.body(events));
      }
      System.out.printf("%n[burst] %d webhooks of %d events for client %d (users: %d partner employees, %d own staff);"
              + " %d senders at once; each partition takes %d write units a second; a 503 is sent again after %d ms,"
              + " at most %d tries; %s%n",
          webhookCount, eventsPerWebhook, client.id(), client.employeeUsers().size(), client.ownUsers().size(), SENDERS,
          UNITS, RETRY_DELAY_MS, MAX_TRIES, SPILL ? "pending writes on, drained at " + DRAIN_PACE + " items/s"
              : "pending writes OFF (the design before)");

      try (HotPartition hot = new HotPartition(table, clock, UNITS, System::nanoTime)) {
        IngestionHandler handler = hot.handler(SECRET, BASE_URL, SPILL);
        Delivery delivery = new Delivery(handler, hot.counter, bodies);
        Drains drains = new Drains(hot.drain(PendingDrain.BUDGET, DRAIN_PACE), hot.counter, plain, table);
        long started = System.nanoTime();
        Thread drainer = new Thread(drains, "drain");
        if (SPILL) {
          drainer.start();
        }
        delivery.run();
        long delivered = System.nanoTime();
        drains.deliveryDone = true;
        if (SPILL) {
          drainer.join();
        }
        long drained = Math.max(delivered, drains.lastWrite);
        int runs = drains.runs;

        Set<Long> stored = new HashSet<>();
        long items = 0;
        Map<String, AttributeValue> start = null;
        do {
          Map<String, AttributeValue> from = start;
          QueryResponse page = plain.query(q -> q.tableName(table).consistentRead(true)
              .keyConditionExpression("pk = :pk AND begins_with(sk, :a)").projectionExpression("eventId")
              .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.client(client.id())),
                  ":a", AttributeValue.fromS(Keys.ACTIVITY_PREFIX)))
              .exclusiveStartKey(from));
          page.items().forEach(i -> stored.add(Long.parseLong(i.get("eventId").n())));
          items += page.count();
          start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);

        long pendingUnits = hot.throttle.consumed().entrySet().stream()
            .filter(e -> e.getKey().startsWith(Keys.PENDING_PREFIX)).mapToLong(Map.Entry::getValue).sum();
        Set<Long> lost = new HashSet<>(sent);
        lost.removeAll(stored);
        System.out.printf("  answers: %s; webhooks by tries to a 200: %s; %d retries; %d webhooks given up after %d tries%n",
            delivery.statuses, delivery.triesToSucceed, delivery.retries.get(), delivery.givenUp.get(), MAX_TRIES);
        System.out.printf("  requests by kind: webhooks %s, drain %s; writes throttled: %d%n",
            hot.counter.snapshot("webhooks"), hot.counter.snapshot("drain"), hot.throttle.throttledWrites());
        System.out.printf("  write units: client partition %d (%d events: %d spent again on items already there),"
                + " pending partitions %d; items spilled %d, drained %d in %d drain runs%n",
            hot.throttle.consumed(Keys.client(client.id())), sent.size(),
            hot.throttle.consumed(Keys.client(client.id())) - sent.size(), pendingUnits, hot.sum(ActivityIngestion.SPILLED),
            hot.sum("Drained"), runs);
        System.out.printf("  events sent %d, activities stored %d (distinct events %d, lost %d, doubled %d);"
                + " wall: delivery %d s (to the last answer), drain done %d s after it, in all %d s%n",
            sent.size(), items, stored.size(), lost.size(), items - stored.size(),
            (delivered - started) / 1_000_000_000L, (drained - delivered) / 1_000_000_000L,
            (drained - started) / 1_000_000_000L);
      }
      plain.deleteTable(d -> d.tableName(table));
    }
  }

  /**
   * The drain's schedule, compressed: one run after the other while webhooks are sent (a run that
   * finds nothing waits a second, for a minute), then until nothing is pending (read once a run
   * leaves nothing it saw: reading every pending item between runs would cost the emulator time).
   */
  static final class Drains implements Runnable {
    final PendingDrain drain;
    final RequestCounter counter;
    final DynamoDbClient plain;
    final String table;
    volatile boolean deliveryDone;
    volatile long lastWrite;
    int runs;

    Drains(PendingDrain drain, RequestCounter counter, DynamoDbClient plain, String table) {
      this.drain = drain;
      this.counter = counter;
      this.plain = plain;
      this.table = table;
    }

    @Override
    public void run() {
      try (var ignored = counter.attribute("drain")) {
        boolean maybeEmpty = false;
        while (true) {
          boolean done = deliveryDone;
          if (done && maybeEmpty && TableItems.pending(plain, table).isEmpty()) {
            return;
          }
          runs++;
          PendingDrain.Report report;
          try {
            report = drain.run("benchmark-" + runs);
          } catch (Exception e) {
            System.out.printf("  drain run %d failed: %s%n", runs, e);
            continue;
          }
          System.out.printf("  drain run %d%s: %s%n", runs, done ? " (after the last answer)" : "", report);
          maybeEmpty = done && report.pendingLeft() == 0;
          if (report.drained() > 0) {
            lastWrite = System.nanoTime();
          } else if (!done) {
            Thread.sleep(1000);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * HubSpot's delivery, compressed: {@link #SENDERS} requests in flight at most; a 503 is sent again
   * {@link #RETRY_DELAY_MS} later, up to {@link #MAX_TRIES} tries in all; any other answer ends it.
   */
  static final class Delivery {
    final IngestionHandler handler;
    final RequestCounter counter;
    final List<String> bodies;
    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    final Map<Integer, Integer> triesToSucceed = Collections.synchronizedMap(new TreeMap<>());
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger givenUp = new AtomicInteger();
    final ScheduledThreadPoolExecutor senders;
    final CountDownLatch done;

    Delivery(IngestionHandler handler, RequestCounter counter, List<String> bodies) {
      this.handler = handler;
      this.counter = counter;
      this.bodies = bodies;
      this.senders = new ScheduledThreadPoolExecutor(SENDERS);
      this.done = new CountDownLatch(bodies.size());
    }

    void run() throws InterruptedException {
      for (int w = 0; w < bodies.size(); w++) {
        int webhook = w;
        senders.execute(() -> send(webhook, 1));
      }
      done.await();
      senders.shutdown();
      senders.awaitTermination(1, TimeUnit.MINUTES);
    }

    private void send(int webhook, int attempt) {
      int status;
      try (var ignored = counter.attribute("webhooks")) {
        // HubSpot signs each try anew
        APIGatewayV2HTTPResponse response = handler.handleRequest(
            HubSpotEvents.signed(bodies.get(webhook), SECRET, BASE_URL, System.currentTimeMillis()), null);
        status = response.getStatusCode();
      } catch (RuntimeException e) {
        status = 500;
      }
      statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
      if (status >= 500 && attempt < MAX_TRIES) {
        retries.incrementAndGet();
        senders.schedule(() -> send(webhook, attempt + 1), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
        return;
      }
      if (status == 200) {
        triesToSucceed.merge(attempt, 1, Integer::sum);
      } else {
        givenUp.incrementAndGet();
      }
      done.countDown();
    }
  }
}
