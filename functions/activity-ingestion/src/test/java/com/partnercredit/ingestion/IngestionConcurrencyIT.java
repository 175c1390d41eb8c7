package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.webhook.SignedWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 11's ingestion budget under concurrency, against the emulator: 50 webhooks of 100 events sent
 * at once through the real handler, over clients whose users are partner employees and the clients'
 * own staff ({@link ClientStaff}), with events that do not qualify, duplicates inside a request,
 * events that share an {@code eventId} without being the same event, and events that two requests
 * both carry (a HubSpot retry overlapping the first try). Each request's DynamoDB calls are counted
 * on its own thread ({@link RequestCounter#attribute}).
 *
 * <p>Asserted, per request: exactly ⌈q/25⌉ {@code BatchWriteItem} calls, q its distinct qualifying
 * events, and no other call (no read); the answer's counts. Then the table holds exactly the
 * activities expected: nothing lost, nothing doubled. Counts only, never times (printed).
 *
 * <p>The route's storage budget is {@link #EMULATOR_BUDGET} here, not 3.5 s: moto serves one request
 * at a time, so the 200 BatchWriteItem calls of 50 requests sent at once queue there for seconds
 * (DynamoDB serves them in parallel, about 10 ms each), and a request whose time is nearly up spills
 * what is left ({@link ActivityIngestion#SPILL_RESERVE}), one call more: the count would measure the
 * emulator's queue, not the route. {@code IngestionBurstBenchmark} reports the same 50 requests with
 * the real budget.
 */
class IngestionConcurrencyIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  static final int WEBHOOKS = 50;
  static final int EVENTS = 100;
  static final int CLIENTS = 7;
  static final int OWN_USERS = 5;
  static final ClientSecret SECRET = new ClientSecret("concurrency-secret".getBytes(StandardCharsets.UTF_8));
  static final String BASE_URL = "https://hooks.example.com";
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  /** The route's storage budget in this test (see above). */
  static final Duration EMULATOR_BUDGET = Duration.ofSeconds(60);
  private static final AtomicLong EVENT_IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 100_000);

  /** One webhook: its events and what its answer and its calls must be. */
  record Webhook(int number, List<HubSpotEvents.Event> events, int qualifying, int duplicates, int notQualifying) {
    String name() {
      return "webhook-" + number;
    }

    /** ⌈q/25⌉ BatchWriteItem and nothing else; no call at all when nothing qualifies. */
    Map<String, Integer> budget() {
      return qualifying == 0 ? Map.of() : Map.of("BatchWriteItem", (qualifying + 24) / 25);
    }
  }

  /**
   * Webhook {@code r}: {@code (r % 6) * 12} logins, {@code r % 4} repeats of its own events, two events
   * of webhook {@code r - 1} again, the rest new qualifying events, every second one from the clients'
   * own staff; two of them share an eventId. Shuffled.
   */
  static Webhook webhook(int r, List<ClientStaff.Client> clients, Webhook previous) {
    int logins = (r % 6) * 12;
    int repeats = r % 4;
    List<HubSpotEvents.Event> carried = previous == null ? List.of()
        : previous.events().stream().filter(HubSpotEvents.Event::qualifies).limit(2).toList();
    List<HubSpotEvents.Event> events = new ArrayList<>(carried);
    int fresh = EVENTS - logins - repeats - carried.size();
    for (int i = 0; i < fresh + logins; i++) {
      ClientStaff.Client client = clients.get((r + i) % clients.size());
      List<Long> users = client.users();
      long user = users.get((i * 7 + r) % users.size());
      String type = i < fresh ? HubSpotEvents.QUALIFYING.get(i % HubSpotEvents.QUALIFYING.size()) : HubSpotEvents.LOGIN;
      long eventId = i == 1 ? events.get(events.size() - 1).eventId() : EVENT_IDS.incrementAndGet(); // not unique, as HubSpot's
      events.add(new HubSpotEvents.Event(eventId, client.id(), user, type, 7000 + i, NOW.toEpochMilli() - i * 60_000L - r));
    }
    List<HubSpotEvents.Event> qualifyingOnes = events.stream().filter(HubSpotEvents.Event::qualifies).toList();
    for (int d = 0; d < repeats; d++) {
      events.add(qualifyingOnes.get(d * 5 % qualifyingOnes.size()));
    }
    Collections.shuffle(events, new Random(r));
    return new Webhook(r, events, qualifyingOnes.size(), repeats, logins);
  }

  @Test
  void fiftyConcurrentWebhooksKeepTheWriteBudgetEachAndLoseOrDoubleNothing() throws Exception {
    List<ClientStaff.Client> clients = ClientStaff.store(new StoredFacts(DYNAMO.client(), DYNAMO.tableName()),
        CLIENTS, OWN_USERS, NOW);
    List<Webhook> webhooks = new ArrayList<>();
    for (int r = 0; r < WEBHOOKS; r++) {
      webhooks.add(webhook(r, clients, r == 0 ? null : webhooks.get(r - 1)));
    }
    assertEquals(WEBHOOKS, webhooks.stream().filter(w -> w.events().size() == EVENTS).count());

    RequestCounter counter = new RequestCounter();
    List<Map<String, Object>> answers;
    List<Long> millis = Collections.synchronizedList(new ArrayList<>());
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter)) {
      IngestionHandler handler = new IngestionHandler(
          new SignedWebhook(new SignatureV3(SECRET, CLOCK), measurement -> {}, EMULATOR_BUDGET),
          new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES,
              new BatchWriter(counted, DYNAMO.tableName()), CLOCK),
          Optional.of(BASE_URL));
      answers = sendAtOnce(handler, webhooks, counter, millis);
    }

    for (Webhook webhook : webhooks) {
      Map<String, Object> answer = answers.get(webhook.number());
      assertEquals(200, answer.get("status"), webhook.name() + ": " + answer);
      assertEquals(webhook.qualifying(), answer.get("stored"), webhook.name() + ": " + answer);
      assertEquals(webhook.duplicates(), answer.get("duplicates"), webhook.name() + ": " + answer);
      assertEquals(webhook.notQualifying(), ((Map<?, ?>) answer.get("ignored")).get("not_qualifying"), webhook.name());
      assertEquals(webhook.budget(), counter.snapshot(webhook.name()), webhook.name() + " (q = " + webhook.qualifying() + ")");
    }
    int batchWrites = webhooks.stream().mapToInt(w -> w.budget().getOrDefault("BatchWriteItem", 0)).sum();
    assertEquals(Map.of("BatchWriteItem", batchWrites), counter.snapshot(), "all the calls, and no read");

    TreeSet<String> expected = new TreeSet<>();
    webhooks.forEach(w -> w.events().stream().filter(HubSpotEvents.Event::qualifies)
        .forEach(e -> expected.add(e.stored())));
    List<String> stored = new ArrayList<>();
    for (ClientStaff.Client client : clients) {
      TableItems.activities(DYNAMO.client(), DYNAMO.tableName(), client.id())
          .forEach(item -> stored.add(HubSpotEvents.stored(item)));
    }
    Collections.sort(stored);
    assertEquals(new ArrayList<>(expected), stored, "every activity once: nothing lost, nothing doubled");
    long ownStaff = clients.stream().flatMap(c -> c.ownUsers().stream()).count();
    System.out.printf("[budget] %d concurrent webhooks of %d events: %d BatchWriteItem for %d distinct qualifying"
            + " events (%d activities stored, over %d clients with %d partner employee users and %d own staff users);"
            + " 0 reads; answers in %s ms (median %d, not asserted)%n",
        WEBHOOKS, EVENTS, batchWrites, webhooks.stream().mapToInt(Webhook::qualifying).sum(), stored.size(), CLIENTS,
        CLIENTS * 3, ownStaff, range(millis), median(millis));
  }

  /** Sends every webhook on its own thread, all released together; their answers, in webhook order. */
  static List<Map<String, Object>> sendAtOnce(IngestionHandler handler, List<Webhook> webhooks, RequestCounter counter,
      List<Long> millis) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(webhooks.size());
    CountDownLatch ready = new CountDownLatch(webhooks.size());
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Map<String, Object>>> futures = new ArrayList<>();
      for (Webhook webhook : webhooks) {
        String body = HubSpotEvents.body(webhook.events());
        futures.add(threads.submit(() -> {
          ready.countDown();
          go.await();
          try (RequestCounter.Attribution ignored = counter.attribute(webhook.name())) {
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(
                HubSpotEvents.signed(body, SECRET, BASE_URL, NOW.toEpochMilli()), null);
            millis.add((System.nanoTime() - started) / 1_000_000);
            Map<String, Object> answer = new TreeMap<>(JSON.std.mapFrom(response.getBody()));
            answer.put("status", response.getStatusCode());
            return answer;
          }
        }));
      }
      ready.await();
      go.countDown();
      List<Map<String, Object>> answers = new ArrayList<>();
      for (Future<Map<String, Object>> future : futures) {
        answers.add(future.get());
      }
      return answers;
    } finally {
      threads.shutdown();
    }
  }

  static String range(List<Long> millis) {
    synchronized (millis) {
      return millis.stream().mapToLong(Long::longValue).min().orElse(0) + "-"
          + millis.stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }

  static long median(List<Long> millis) {
    synchronized (millis) {
      List<Long> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
  }

}
