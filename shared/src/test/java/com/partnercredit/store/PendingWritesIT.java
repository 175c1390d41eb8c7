package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.FaultInjector;
import com.partnercredit.testsupport.PartitionThrottle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The pending writes ({@link PendingWrites}) and what {@link BatchWriter#write} leaves for them,
 * against the emulator: a remainder of any size is kept in items DynamoDB accepts and read back
 * exactly; a pending item is shortened and removed by key; a write into a throttled partition returns
 * what it could not write, with the reason, and keeps what it wrote.
 */
class PendingWritesIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);

  private static Map<String, AttributeValue> activity(long client, int i) {
    return StoredFacts.ACTIVITIES.item(i + "-0123456789abcdef", i, client, 7, "contact.creation", "CRM",
        NOW.toEpochMilli() - i, 42L, 5500L + i, "CRM_UI");
  }

  private static List<PendingWrites.Pending> everyPending(PendingWrites pending) throws StorageUnavailable {
    List<PendingWrites.Pending> all = new ArrayList<>();
    for (int shard = 0; shard < PendingWrites.SHARDS; shard++) {
      PendingWrites.Page page = pending.page(shard, null, Deadline.NONE);
      all.addAll(page.items());
      while (page.next() != null) {
        page = pending.page(shard, page.next(), Deadline.NONE);
        all.addAll(page.items());
      }
    }
    return all;
  }

  @Test
  void aLargeRemainderIsKeptInItemsDynamoDbAcceptsAndReadBackAsItWas() throws Exception {
    String table = DYNAMO.tableName();
    PendingWrites pending = new PendingWrites(new BatchWriter(DYNAMO.client(), table), CLOCK);
    long client = IDS.incrementAndGet();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add(activity(client, i));
    }
    for (int d = 0; d < 40; d++) { // dead letters of 16 KB each: 640 KB, more than one item may hold
      items.add(DeadLetters.item("hubspot", "{\"n\":" + d + ",\"pad\":\"" + "x".repeat(20_000) + "\"}", "invalid", NOW));
    }
    assertTrue(everyPending(pending).isEmpty());

    int kept = pending.spill(items, Deadline.NONE);

    List<PendingWrites.Pending> read = everyPending(pending);
    assertEquals(kept, read.size());
    assertTrue(kept >= 4, kept + " pending items for about 1 MB");
    Set<Map<String, AttributeValue>> back = new HashSet<>();
    for (PendingWrites.Pending p : read) {
      assertTrue(p.pk().startsWith(Keys.PENDING_PREFIX));
      assertEquals(NOW, p.spilledAt());
      assertTrue(PendingWrites.estimatedBytes(PendingWrites.item(p.writes(), NOW)) < 400 * 1024);
      back.addAll(p.writes());
    }
    assertEquals(new HashSet<>(items), back, "every write, as it was");
    for (PendingWrites.Pending p : read) {
      pending.remove(p, Deadline.NONE);
    }
    assertTrue(everyPending(pending).isEmpty());
  }

  @Test
  void aPendingItemIsShortenedInPlace() throws Exception {
    PendingWrites pending = new PendingWrites(new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), CLOCK);
    long client = IDS.incrementAndGet();
    List<Map<String, AttributeValue>> items = List.of(activity(client, 1), activity(client, 2), activity(client, 3));
    pending.spill(items, Deadline.NONE);
    PendingWrites.Pending before = everyPending(pending).stream()
        .filter(p -> p.writes().equals(items)).findFirst().orElseThrow();

    pending.keepOnly(before, items.subList(2, 3), Deadline.NONE);

    PendingWrites.Pending after = everyPending(pending).stream()
        .filter(p -> p.sk().equals(before.sk())).findFirst().orElseThrow();
    assertEquals(items.subList(2, 3), after.writes());
    assertEquals(before.pk(), after.pk());
    pending.remove(after, Deadline.NONE);
  }

  @Test
  void writingIntoAThrottledPartitionReturnsWhatItCouldNotWriteAndKeepsTheRest() {
    AtomicLong nanos = new AtomicLong();
    PartitionThrottle throttle = new PartitionThrottle(30, 30, nanos::get, item -> 1);
    FaultInjector faults = new FaultInjector(3).throttlePartitions(throttle);
    long client = IDS.incrementAndGet();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      items.add(activity(client, i));
    }
    try (DynamoDbClient dynamo = Emulator.shared().newDynamoDbClient(faults)) {
      BatchWriter.Written written = new BatchWriter(dynamo, DYNAMO.tableName())
          .write(items, Deadline.after(java.time.Duration.ofMillis(700)));

      assertEquals(50, written.unwritten().size(), "30 went in: the rest, unprocessed or never sent, is returned");
      assertTrue(written.failure().getMessage().contains("deadline") || written.failure().getMessage().contains("unprocessed"),
          written.failure().getMessage());
      assertEquals(List.of(), written.refused());
      Set<Map<String, AttributeValue>> all = new HashSet<>(written.unwritten());
      Map<String, AttributeValue> key = new HashMap<>();
      int stored = 0;
      for (Map<String, AttributeValue> item : items) {
        key.put(Attr.PK, item.get(Attr.PK));
        key.put(Attr.SK, item.get(Attr.SK));
        boolean there = DYNAMO.client().getItem(g -> g.tableName(DYNAMO.tableName()).key(key).consistentRead(true))
            .hasItem();
        assertTrue(there != all.contains(item), "each item is either stored or returned");
        stored += there ? 1 : 0;
      }
      assertEquals(30, stored);
      assertEquals(30, throttle.consumed(Keys.client(client)));
    }
  }
}
