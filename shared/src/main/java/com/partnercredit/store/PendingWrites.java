package com.partnercredit.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Writes a webhook could not make in time where they belong, kept durably until the drain makes them
 * (docs/table.md, "Pending writes"; docs/operations.md, "A burst for one client").
 *
 * <p>All the activities of a client are in its one partition, which DynamoDB writes at about 1,000
 * items a second: a contact import of 100,000 events throttles it for minutes. A request that has
 * not written everything when its time is nearly up {@linkplain #spill keeps the rest} here instead
 * of answering 503 (which HubSpot would answer by sending the whole request again, items already
 * stored included): the items as they are to be put, in as few items as fit (about 300 KB each),
 * spread over {@value #SHARDS} partitions of their own by a digest of their keys, written with one
 * BatchWriteItem. An item here is written as it will be put, so the drain writes exactly what the
 * request would have, and writing it twice changes nothing.
 *
 * <p>The drain reads each partition oldest first ({@link #page}), writes the items where they belong,
 * then {@linkplain #remove removes} the pending item, or {@linkplain #keepOnly keeps only} what it
 * could not write yet: a crash between the two writes the same items again, never others.
 */
public final class PendingWrites {
  /** The partitions pending writes are spread over: none is a client's, so a hot client never makes them hot. */
  public static final int SHARDS = 8;
  /** The {@code kind} of a pending item. */
  public static final String KIND = "PENDING_WRITES";
  /** Estimated bytes of writes per pending item at most: well under DynamoDB's 400 KB item limit. */
  static final long MAX_BYTES = 300 * 1024;
  /** Pending items read per Query page: a few MB at most in memory. */
  static final int PAGE_SIZE = 10;

  /** A pending item: its key, when it was spilled, and the items to put. */
  public record Pending(String pk, String sk, Instant spilledAt, List<Map<String, AttributeValue>> writes) {}

  /** One page of a shard, oldest first; {@code next} is where the next page starts, null after the last. */
  public record Page(List<Pending> items, Map<String, AttributeValue> next) {}

  private final BatchWriter writer;
  private final Clock clock;

  @Inject
  public PendingWrites(BatchWriter writer, Clock clock) {
    this.writer = writer;
    this.clock = clock;
  }

  /**
   * Keeps {@code items} (activities and dead letters, each as it is to be put) until the drain puts
   * them; returns how many pending items hold them. Throws when they could not be kept by {@code
   * deadline} (the request then answers 503).
   */
  public int spill(List<Map<String, AttributeValue>> items, Deadline deadline) throws StorageUnavailable {
    if (items.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    List<Map<String, AttributeValue>> pending = new ArrayList<>();
    for (List<Map<String, AttributeValue>> chunk : chunks(items)) {
      pending.add(item(chunk, now));
    }
    writer.putAll(pending, deadline);
    return pending.size();
  }

  /** One page of shard {@code shard}'s pending items, oldest first, from {@code start} (null: the first page). */
  public Page page(int shard, Map<String, AttributeValue> start, Deadline deadline) throws StorageUnavailable {
    QueryResponse response = deadline.retry("Query", () -> {
      try {
        return writer.dynamo().query(r -> r.tableName(writer.table())
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", Attr.PK))
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.pending(shard))))
            .limit(PAGE_SIZE)
            .exclusiveStartKey(start)
            .overrideConfiguration(deadline::limit));
      } catch (SdkException e) {
        throw new StorageUnavailable("Query of " + Keys.pending(shard) + " failed", e);
      }
    });
    List<Pending> items = new ArrayList<>(response.count());
    for (Map<String, AttributeValue> item : response.items()) {
      items.add(pending(item));
    }
    boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
    return new Page(items, more ? response.lastEvaluatedKey() : null);
  }

  /** Removes a pending item whose writes are all made. */
  public void remove(Pending pending, Deadline deadline) throws StorageUnavailable {
    deadline.retry("DeleteItem", () -> {
      try {
        writer.dynamo().deleteItem(r -> r.tableName(writer.table())
            .key(Map.of(Attr.PK, AttributeValue.fromS(pending.pk()), Attr.SK, AttributeValue.fromS(pending.sk())))
            .overrideConfiguration(deadline::limit));
        return null;
      } catch (SdkException e) {
        throw new StorageUnavailable("DeleteItem of " + pending.pk() + " " + pending.sk() + " failed", e);
      }
    });
  }

  /**
   * Rewrites a pending item with only the writes still to make ({@code left}, a part of its own), so
   * that the next drain starts where this one stopped.
   */
  public void keepOnly(Pending pending, List<Map<String, AttributeValue>> left, Deadline deadline)
      throws StorageUnavailable {
    Map<String, AttributeValue> item = item(left, pending.spilledAt());
    item.put(Attr.PK, AttributeValue.fromS(pending.pk()));
    item.put(Attr.SK, AttributeValue.fromS(pending.sk()));
    writer.putAll(List.of(item), deadline);
  }

  /** The pending item holding {@code writes}: keyed by when and a digest of their keys. */
  static Map<String, AttributeValue> item(List<Map<String, AttributeValue>> writes, Instant spilledAt) {
    StringBuilder keys = new StringBuilder();
    long expiresAt = 0;
    boolean allExpire = true;
    List<AttributeValue> list = new ArrayList<>(writes.size());
    for (Map<String, AttributeValue> write : writes) {
      keys.append(write.get(Attr.PK).s()).append('\u0000').append(write.get(Attr.SK).s()).append('\u0000');
      AttributeValue expires = write.get(Attr.EXPIRES_AT);
      if (expires == null || expires.n() == null) {
        allExpire = false;
      } else {
        expiresAt = Math.max(expiresAt, Long.parseLong(expires.n()));
      }
      list.add(AttributeValue.fromM(write));
    }
    String digest = DeadLetters.sha256(keys.toString()).substring(0, 16);
    int shard = Integer.parseInt(digest.substring(0, 4), 16) % SHARDS;
    Map<String, AttributeValue> item = new java.util.HashMap<>();
    item.put(Attr.PK, AttributeValue.fromS(Keys.pending(shard)));
    item.put(Attr.SK, AttributeValue.fromS(Keys.instant(spilledAt.toEpochMilli()) + "#" + digest));
    item.put(Attr.KIND, AttributeValue.fromS(KIND));
    item.put(Attr.WRITES, AttributeValue.fromL(list));
    item.put(Attr.WRITE_COUNT, AttributeValue.fromN(Integer.toString(writes.size())));
    item.put(Attr.SPILLED_AT, AttributeValue.fromS(spilledAt.toString()));
    if (allExpire) {
      // the latest TTL of what it holds: by then every write it holds would be gone anyway
      item.put(Attr.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
    }
    return item;
  }

  static Pending pending(Map<String, AttributeValue> item) {
    List<Map<String, AttributeValue>> writes = new ArrayList<>();
    for (AttributeValue write : item.get(Attr.WRITES).l()) {
      writes.add(write.m());
    }
    return new Pending(item.get(Attr.PK).s(), item.get(Attr.SK).s(), Instant.parse(item.get(Attr.SPILLED_AT).s()),
        writes);
  }

  /** {@code items} in order, cut so that each part's estimated size stays within {@link #MAX_BYTES}. */
  static List<List<Map<String, AttributeValue>>> chunks(List<Map<String, AttributeValue>> items) {
    List<List<Map<String, AttributeValue>>> chunks = new ArrayList<>();
    List<Map<String, AttributeValue>> chunk = new ArrayList<>();
    long bytes = 0;
    for (Map<String, AttributeValue> item : items) {
      long size = estimatedBytes(item) + 4; // a list element and its map
      if (!chunk.isEmpty() && bytes + size > MAX_BYTES) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(item);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /**
   * DynamoDB's size of an item, estimated from above: attribute names and strings in UTF-8 bytes,
   * a number as many bytes as it has characters, a list or map 3 bytes plus 1 per element.
   */
  public static long estimatedBytes(Map<String, AttributeValue> item) {
    long bytes = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      bytes += utf8(attribute.getKey()) + bytes(attribute.getValue());
    }
    return bytes;
  }

  private static long bytes(AttributeValue value) {
    switch (value.type()) {
      case S:
        return utf8(value.s());
      case N:
        return value.n().length();
      case B:
        return value.b().asByteArrayUnsafe().length;
      case M:
        return 3 + value.m().size() + estimatedBytes(value.m());
      case L: {
        long bytes = 3 + value.l().size();
        for (AttributeValue element : value.l()) {
          bytes += bytes(element);
        }
        return bytes;
      }
      case SS:
        return value.ss().stream().mapToLong(PendingWrites::utf8).sum();
      case NS:
        return value.ns().stream().mapToLong(String::length).sum();
      case BS:
        return value.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
      default:
        return 1; // BOOL, NUL
    }
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
