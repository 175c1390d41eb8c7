package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.store.Attr;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A burst for one client (a contact import) against DynamoDB's per-partition write limit, modelled on
 * a clock the test moves ({@link HotPartition}): until the test moves time, a partition takes 1,000
 * write units and throttles everything after. So what is throttled is a count, whatever the machine's
 * speed.
 *
 * <p>The route's budget is {@link #EMULATOR_BUDGET} here, not the real 3.5 s, and what is not
 * written {@link #EMULATOR_SPILL_RESERVE} before its deadline is spilled, not 1 s before: moto serves
 * one request at a time, and on a loaded machine its first answers to 21 requests at once took more
 * than 2 s, and the 20 spills, all due at once, more than 1 s. Under the real times, whether a
 * request's writes got in, and whether its spill did, was a matter of the machine's speed; with these,
 * every call has time, and what decides the outcome is the partition's units alone. The real times
 * are measured by {@link IngestionBurstBenchmark}, not asserted.
 *
 * <p>With the pending writes, every request of the burst answers 200: what the hot partition would
 * not take by the spill point is kept in the pending partitions, and the drain writes it once time
 * moves; the table then holds every activity exactly once. The same burst without them (the design
 * before) answers 503s, and sending those requests again while the partition is still hot answers
 * 503 again: the loop issue 11 names. Another client's webhook during the burst keeps ⌈q/25⌉
 * BatchWriteItem calls and spills nothing.
 */
class IngestionBurstIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  /** The route's budget in this test (see above): a hot request waits for it, less the spill reserve. */
  static final Duration EMULATOR_BUDGET = Duration.ofSeconds(10);
  /** What is not written this long before the deadline is spilled, in this test (see above). */
  static final Duration EMULATOR_SPILL_RESERVE = Duration.ofSeconds(4);
  /** A drain run's budget in this test: a hot partition keeps a run until its end. */
  static final Duration EMULATOR_DRAIN_BUDGET = Duration.ofSeconds(10);
  static final int WEBHOOKS = 20;
  static final int EVENTS = 100;
  private static final ClientSecret SECRET = new ClientSecret("burst-secret".getBytes(StandardCharsets.UTF_8));
  private static final String BASE_URL = "https://hooks.example.com";
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final AtomicLong EVENT_IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 100_000);

  /** {@code count} webhooks of {@link #EVENTS} new qualifying events of {@code client}, from all its users. */
  static List<List<HubSpotEvents.Event>> burst(ClientStaff.Client client, int count) {
    List<Long> users = client.users();
    List<List<HubSpotEvents.Event>> webhooks = new ArrayList<>();
    for (int w = 0; w < count; w++) {
      List<HubSpotEvents.Event> events = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        events.add(new HubSpotEvents.Event(EVENT_IDS.incrementAndGet(), client.id(), users.get((w + i) % users.size()),
            "contact.creation", 900_000 + w * EVENTS + i, NOW.toEpochMilli() - w * 1000L - i));
      }
      webhooks.add(events);
    }
    return webhooks;
  }

  /** Sends every body at once, each on its own thread under its name; the statuses, in order. */
  static List<Integer> sendAtOnce(IngestionHandler handler, HotPartition hot, List<String> names, List<String> bodies)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(bodies.size());
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        String name = names.get(i);
        String body = bodies.get(i);
        futures.add(threads.submit(() -> {
          try (var ignored = hot.counter.attribute(name)) {
            APIGatewayV2HTTPResponse response =
                handler.handleRequest(HubSpotEvents.signed(body, SECRET, BASE_URL, NOW.toEpochMilli()), null);
            return response.getStatusCode();
          }
        }));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> future : futures) {
        statuses.add(future.get());
      }
      return statuses;
    } finally {
      threads.shutdown();
    }
  }

  private static Set<String> expected(List<List<HubSpotEvents.Event>> webhooks) {
    Set<String> expected = new TreeSet<>();
    webhooks.forEach(w -> w.forEach(e -> expected.add(e.stored())));
    return expected;
  }

  private static List<String> stored(long client) {
    List<String> stored = new ArrayList<>();
    TableItems.activities(DYNAMO.client(), DYNAMO.tableName(), client).forEach(i -> stored.add(HubSpotEvents.stored(i)));
    Collections.sort(stored);
    return stored;
  }

  @Test
  void aBurstForOneClientIsAnsweredWithoutA503AndDrainedExactlyOnce() throws Exception {
    List<ClientStaff.Client> clients = ClientStaff.store(new StoredFacts(DYNAMO.client(), DYNAMO.tableName()), 2, 5, NOW);
    ClientStaff.Client importing = clients.get(0);
    ClientStaff.Client quiet = clients.get(1);
    List<List<HubSpotEvents.Event>> webhooks = burst(importing, WEBHOOKS);
    List<HubSpotEvents.Event> quietEvents = burst(quiet, 1).get(0).subList(0, 60);
    AtomicLong nanos = new AtomicLong();
    try (HotPartition hot = new HotPartition(DYNAMO.tableName(), CLOCK, HotPartition.UNITS_PER_SECOND, nanos::get)) {
      IngestionHandler handler = hot.handler(SECRET, BASE_URL, true, EMULATOR_BUDGET, EMULATOR_SPILL_RESERVE);
      List<String> names = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      for (int w = 0; w < WEBHOOKS; w++) {
        names.add("import-" + w);
        bodies.add(HubSpotEvents.body(webhooks.get(w)));
      }
      names.add("quiet");
      bodies.add(HubSpotEvents.body(quietEvents));

      List<Integer> statuses = sendAtOnce(handler, hot, names, bodies);

      assertEquals(Collections.nCopies(WEBHOOKS + 1, 200), statuses, "no 503: nothing for HubSpot to send again");
      assertEquals(Map.of("BatchWriteItem", 3), hot.counter.snapshot("quiet"), "another client keeps ⌈q/25⌉, 0 reads");
      for (int w = 0; w < WEBHOOKS; w++) {
        assertEquals(Set.of("BatchWriteItem"), hot.counter.snapshot("import-" + w).keySet(), "no read: import-" + w);
      }
      long direct = hot.throttle.consumed(Keys.client(importing.id()));
      long spilled = hot.sum(ActivityIngestion.SPILLED);
      assertTrue(direct <= HotPartition.UNITS_PER_SECOND, "the hot partition took at most its units: " + direct);
      assertTrue(spilled >= (long) WEBHOOKS * EVENTS - direct, "spilled " + spilled + ", written " + direct);
      List<Map<String, AttributeValue>> pending = TableItems.pending(DYNAMO.client(), DYNAMO.tableName());
      assertEquals(spilled, pending.stream().mapToLong(p -> Long.parseLong(p.get(Attr.WRITE_COUNT).n())).sum());

      PendingDrain drain = hot.drain(EMULATOR_DRAIN_BUDGET, 100_000);
      int runs = 0;
      while (!TableItems.pending(DYNAMO.client(), DYNAMO.tableName()).isEmpty()) {
        assertTrue(++runs <= 10, "the drain did not finish in 10 runs");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos()); // a second passes: every partition takes 1,000 units more
        drain.run("drain-" + runs);
      }
      assertEquals(spilled, hot.sum("Drained"));

      List<String> stored = stored(importing.id());
      assertEquals(new ArrayList<>(expected(webhooks)), stored, "every activity of the burst once");
      assertEquals(new ArrayList<>(expected(List.of(quietEvents))), stored(quiet.id()));

      nanos.addAndGet(Duration.ofMinutes(1).toNanos());
      List<Integer> again = sendAtOnce(handler, hot, List.of("again-0", "again-1"), bodies.subList(0, 2));
      assertEquals(List.of(200, 200), again);
      assertEquals(stored, stored(importing.id()), "a request sent again counts nothing twice");
      System.out.printf("[burst] %d webhooks x %d events for one client at once, its partition taking %d write units:"
              + " all 200; %d written at once, %d spilled into %d pending items, drained in %d runs; %d activities"
              + " stored once; calls %s%n",
          WEBHOOKS, EVENTS, HotPartition.UNITS_PER_SECOND, direct, spilled, pending.size(), runs, stored.size(),
          hot.counter.snapshot());
    }
  }

  @Test
  void withoutThePendingWritesTheSameBurstIsA503LoopWhileThePartitionIsHot() throws Exception {
    ClientStaff.Client importing =
        ClientStaff.store(new StoredFacts(DYNAMO.client(), DYNAMO.tableName()), 1, 5, NOW).get(0);
    List<List<HubSpotEvents.Event>> webhooks = burst(importing, WEBHOOKS);
    AtomicLong nanos = new AtomicLong();
    try (HotPartition hot = new HotPartition(DYNAMO.tableName(), CLOCK, HotPartition.UNITS_PER_SECOND, nanos::get)) {
      IngestionHandler handler = hot.handler(SECRET, BASE_URL, false, EMULATOR_BUDGET, EMULATOR_SPILL_RESERVE);
      List<String> names = new ArrayList<>();
      List<String> bodies = new ArrayList<>();
      for (int w = 0; w < WEBHOOKS; w++) {
        names.add("before-" + w);
        bodies.add(HubSpotEvents.body(webhooks.get(w)));
      }

      List<Integer> first = sendAtOnce(handler, hot, names, bodies);
      List<String> retriedNames = new ArrayList<>();
      List<String> retried = new ArrayList<>();
      for (int w = 0; w < WEBHOOKS; w++) {
        if (first.get(w) == 503) {
          retriedNames.add("retry-" + w);
          retried.add(bodies.get(w));
        }
      }
      long storedBefore = hot.throttle.consumed(Keys.client(importing.id()));
      List<Integer> second = sendAtOnce(handler, hot, retriedNames, retried);

      long failed = first.stream().filter(s -> s == 503).count();
      assertTrue(failed >= WEBHOOKS - HotPartition.UNITS_PER_SECOND / EVENTS,
          "at most 1,000 items fit, so at least " + (WEBHOOKS - 10) + " requests cannot finish: " + first);
      assertEquals(Collections.nCopies(retried.size(), 503), second, "sent again while the partition is hot: 503 again");
      assertEquals(storedBefore, hot.throttle.consumed(Keys.client(importing.id())), "and nothing more got in");
      assertTrue(TableItems.pending(DYNAMO.client(), DYNAMO.tableName()).isEmpty());
      System.out.printf("[burst, no pending writes] %d webhooks at once: %d answered 503, and all %d again when sent"
          + " again while the partition was hot%n", WEBHOOKS, failed, retried.size());
    }
  }
}
