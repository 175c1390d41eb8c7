package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.Keys;
import com.partnercredit.store.PendingWrites;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The drain ({@link PendingDrain}) against the emulator: what an idle minute costs, a run cut short by
 * throttling keeps only what is left and the next one finishes, two runs at once write each item
 * once, a write DynamoDB refuses becomes a dead letter, and every run writes one valid EMF document.
 */
class PendingDrainIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 100_000);

  /** {@code count} activity items of a new client, as ingestion puts them. */
  private static List<Map<String, AttributeValue>> activities(long client, int count) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long eventId = IDS.incrementAndGet();
      items.add(StoredFacts.ACTIVITIES.item(eventId + "-00000000000000" + (i % 10), eventId, client, 10 + i % 8,
          "contact.creation", "CRM", NOW.toEpochMilli() - i, 42L, 5500L + i, "CRM_UI"));
    }
    return items;
  }

  private static List<String> keys(List<Map<String, AttributeValue>> items) {
    List<String> keys = new ArrayList<>();
    items.forEach(i -> keys.add(i.get(Attr.PK).s() + " " + i.get(Attr.SK).s()));
    Collections.sort(keys);
    return keys;
  }

  private static List<Map<String, AttributeValue>> pending() {
    return TableItems.pending(DYNAMO.client(), DYNAMO.tableName());
  }

  private void drainEverything(PendingDrain drain) throws Exception {
    for (int run = 1; !pending().isEmpty(); run++) {
      assertTrue(run <= 5, "not drained in 5 runs");
      drain.run("finish-" + run);
    }
  }

  @Test
  void anIdleRunReadsEachPendingPartitionOnceWritesNothingAndOneValidEmfDocument() throws Exception {
    drainEverything(new PendingDrain(new PendingWrites(new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), CLOCK),
        new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), m -> {}, CLOCK));
    List<String> emf = new ArrayList<>();
    try (HotPartition hot = new HotPartition(DYNAMO.tableName(), CLOCK, 1000, System::nanoTime)) {
      PendingDrain drain = new PendingDrain(new PendingWrites(hot.writer, CLOCK), hot.writer,
          new EmfMetrics("PartnerCredit/drain-it", emf::add, CLOCK), CLOCK);

      PendingDrain.Report report = drain.run("idle");

      assertEquals(new PendingDrain.Report(0, 0, 0, 0, 0), report);
      assertEquals(Map.of("Query", PendingWrites.SHARDS), hot.counter.snapshot(), "one Query per partition, nothing else");
    }
    assertEquals(1, emf.size(), emf.toString());
    Map<String, Object> doc = JSON.std.mapFrom(emf.get(0));
    assertEquals(List.of(), EmfSpec.violations(doc), doc.toString());
    assertEquals("activity-drain", doc.get("Function"));
    assertEquals("run", doc.get("log"));
    assertEquals("ok", doc.get("outcome"));
    for (String metric : List.of("Drained", "PendingDone", "PendingLeft", "OldestPendingAge", "Refused", "RunFailed")) {
      assertEquals(0, doc.get(metric), metric);
    }
  }

  @Test
  void aRunCutShortByThrottlingKeepsOnlyWhatIsLeftAndTheNextRunsFinishWithNothingDoubled() throws Exception {
    long client = IDS.incrementAndGet();
    List<Map<String, AttributeValue>> items = activities(client, 300);
    AtomicLong nanos = new AtomicLong();
    try (HotPartition hot = new HotPartition(DYNAMO.tableName(), CLOCK, 100, nanos::get)) {
      new PendingWrites(new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), CLOCK).spill(items, Deadline.NONE);
      List<Map<String, AttributeValue>> before = pending();
      assertEquals(1, before.size());
      PendingDrain drain = hot.drain(IngestionBurstIT.EMULATOR_DRAIN_BUDGET, 100_000); // a 5 s run's first Query timed out under load

      PendingDrain.Report first = drain.run("first");

      List<Map<String, AttributeValue>> after = pending();
      assertEquals(new PendingDrain.Report(100, 0, 1, 0, 0), first, "the partition took 100 units, then throttled");
      assertEquals(1, after.size());
      assertEquals(before.get(0).get(Attr.SK), after.get(0).get(Attr.SK), "the same pending item, rewritten");
      assertEquals("200", after.get(0).get(Attr.WRITE_COUNT).n(), "holding only what is left");
      assertEquals(100, TableItems.activities(DYNAMO.client(), DYNAMO.tableName(), client).size());

      for (int run = 1; !pending().isEmpty(); run++) {
        assertTrue(run <= 5, "not drained in 5 more runs");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        drain.run("next-" + run);
      }
      assertEquals(300, hot.sum("Drained"));
      assertEquals(1, hot.sum("PendingDone"));
    }
    assertEquals(keys(items), keys(TableItems.activities(DYNAMO.client(), DYNAMO.tableName(), client)));
  }

  @Test
  void twoRunsAtOnceWriteEveryItemOnce() throws Exception {
    long client = IDS.incrementAndGet();
    List<Map<String, AttributeValue>> items = activities(client, 400);
    BatchWriter writer = new BatchWriter(DYNAMO.client(), DYNAMO.tableName());
    PendingWrites pendingWrites = new PendingWrites(writer, CLOCK);
    for (int from = 0; from < items.size(); from += 50) {
      pendingWrites.spill(items.subList(from, from + 50), Deadline.NONE); // 8 requests' remainders
    }
    PendingDrain drain = new PendingDrain(pendingWrites, writer, m -> {}, CLOCK, Duration.ofSeconds(30), 100_000);

    CompletableFuture<PendingDrain.Report> one = CompletableFuture.supplyAsync(() -> run(drain, "one"));
    CompletableFuture<PendingDrain.Report> two = CompletableFuture.supplyAsync(() -> run(drain, "two"));
    one.get();
    two.get();
    drainEverything(drain);

    assertEquals(keys(items), keys(TableItems.activities(DYNAMO.client(), DYNAMO.tableName(), client)));
  }

  private static PendingDrain.Report run(PendingDrain drain, String id) {
    try {
      return drain.run(id);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWriteDynamoDbRefusesBecomesADeadLetterAndEverythingElseIsStored() throws Exception {
    long client = IDS.incrementAndGet();
    List<Map<String, AttributeValue>> items = new ArrayList<>(activities(client, 30));
    Map<String, AttributeValue> refused = new HashMap<>(items.get(7));
    refused.put(Attr.SK, AttributeValue.fromS("ACTIVITY#" + "k".repeat(1100)));
    items.add(7, refused);
    Map<String, AttributeValue> deadLetter = DeadLetters.item(ActivityIngestion.ROUTE,
        "{\"eventId\":" + IDS.incrementAndGet() + ",\"drain-it\":true}", "missing occurredAt", NOW);
    items.add(deadLetter);
    BatchWriter writer = new BatchWriter(DYNAMO.client(), DYNAMO.tableName());
    new PendingWrites(writer, CLOCK).spill(items, Deadline.NONE);
    List<String> emf = new ArrayList<>();
    PendingDrain drain = new PendingDrain(new PendingWrites(writer, CLOCK), writer,
        new EmfMetrics("PartnerCredit/drain-it", emf::add, CLOCK), CLOCK);

    drainEverything(drain);

    List<Map<String, AttributeValue>> activities = new ArrayList<>(items.subList(0, 7));
    activities.addAll(items.subList(8, 31));
    assertEquals(keys(activities), keys(TableItems.activities(DYNAMO.client(), DYNAMO.tableName(), client)));
    List<Map<String, AttributeValue>> letters = DYNAMO.client().query(q -> q.tableName(DYNAMO.tableName())
        .consistentRead(true).keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", deadLetter.get(Attr.PK)))).items();
    assertTrue(letters.stream().anyMatch(l -> l.get(Attr.SK).equals(deadLetter.get(Attr.SK))), "the spilled dead letter");
    assertTrue(letters.stream().anyMatch(l -> l.get(Attr.RAW).s().contains("k".repeat(1100))
        && l.get(Attr.REASON).s().startsWith("DynamoDB refused the item")), "the refused write, as a dead letter");
    assertEquals(1, ((Number) JSON.std.mapFrom(emf.get(0)).get("Refused")).intValue(), emf.get(0));
    assertTrue(Keys.pending(0).startsWith(Keys.PENDING_PREFIX));
  }
}
