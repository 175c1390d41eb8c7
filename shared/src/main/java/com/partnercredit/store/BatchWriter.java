package com.partnercredit.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts items in batches of 25 (one BatchWriteItem each) and retries what DynamoDB leaves
 * unprocessed. Items are whole and keyed deterministically, so writing one twice changes nothing.
 *
 * <p>Only throttling, 5xx and timeouts are {@link StorageUnavailable} (a retry can succeed). A
 * {@code ValidationException} refuses a whole BatchWriteItem for one bad item and would refuse it
 * again on every retry: that batch is then written item by item, and the items DynamoDB refuses
 * are returned by {@link #putAllExceptRefused} with the reason, so the valid ones are still stored.
 */
public final class BatchWriter {
  static final int BATCH_SIZE = 25;
  static final int MAX_ATTEMPTS = 6;
  private static final long FIRST_BACKOFF_MILLIS = 25;
  private static final long MAX_BACKOFF_MILLIS = 800;

  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public BatchWriter(DynamoDbClient dynamo, @TableName String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** The client it writes with. */
  DynamoDbClient dynamo() {
    return dynamo;
  }

  /** The table it writes to. */
  String table() {
    return table;
  }

  /** An item DynamoDB refused for good, and why (its own message). */
  public record Refused(Map<String, AttributeValue> item, String reason) {}

  /**
   * Stores every item, or throws: nothing is reported stored that DynamoDB did not confirm. An
   * item DynamoDB refuses for good is a {@link StorageUnavailable} here; the webhooks use
   * {@link #putAllExceptRefused}, which stores the others.
   */
  public void putAll(List<Map<String, AttributeValue>> items) throws StorageUnavailable {
    putAll(items, Deadline.NONE);
  }

  /**
   * As {@link #putAll(List)}, retrying failed calls and unprocessed items until {@code deadline}
   * rather than {@value #MAX_ATTEMPTS} times, each call limited to the time left. At the deadline it
   * throws; what was written stays written (a retry writes the identical items again).
   */
  public void putAll(List<Map<String, AttributeValue>> items, Deadline deadline) throws StorageUnavailable {
    List<Refused> refused = putAllExceptRefused(items, deadline);
    if (!refused.isEmpty()) {
      throw new StorageUnavailable(refused.size() + " items refused by DynamoDB: " + refused.get(0).reason(), null);
    }
  }

  /** {@link #putAllExceptRefused(List, Deadline)} with no deadline. */
  public List<Refused> putAllExceptRefused(List<Map<String, AttributeValue>> items) throws StorageUnavailable {
    return putAllExceptRefused(items, Deadline.NONE);
  }

  /**
   * Stores every item DynamoDB accepts and returns those it refuses for good (a
   * {@code ValidationException}), each with the reason; throws only when storage is unavailable or
   * the deadline passes.
   */
  public List<Refused> putAllExceptRefused(List<Map<String, AttributeValue>> items, Deadline deadline)
      throws StorageUnavailable {
    List<Map<String, AttributeValue>> unique = uniqueByKey(items);
    List<WriteRequest> writes = new ArrayList<>(unique.size());
    for (Map<String, AttributeValue> item : unique) {
      writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    List<Refused> refused = new ArrayList<>();
    for (int from = 0; from < writes.size(); from += BATCH_SIZE) {
      List<WriteRequest> batch = writes.subList(from, Math.min(from + BATCH_SIZE, writes.size()));
      try {
        write(batch, deadline);
      } catch (BatchRefused e) {
        refused.addAll(oneByOne(e.pending, deadline));
      }
    }
    return refused;
  }

  /** A BatchWriteItem DynamoDB refused as a whole for its content; {@code pending} were not written. */
  private static final class BatchRefused extends Exception {
    final List<WriteRequest> pending;

    BatchRefused(List<WriteRequest> pending) {
      super(null, null, false, false);
      this.pending = pending;
    }
  }

  /** Writes each item with its own PutItem, so one bad item refuses only itself. */
  private List<Refused> oneByOne(List<WriteRequest> writes, Deadline deadline) throws StorageUnavailable {
    List<Refused> refused = new ArrayList<>();
    for (WriteRequest write : writes) {
      Map<String, AttributeValue> item = write.putRequest().item();
      String reason = deadline.retry("PutItem", () -> {
        try {
          dynamo.putItem(r -> r.tableName(table).item(item).overrideConfiguration(deadline::limit));
          return null;
        } catch (SdkException e) {
          if (!ItemRefused.isRefusal(e)) {
            throw new StorageUnavailable("PutItem failed", e);
          }
          return ItemRefused.reason(e);
        }
      });
      if (reason != null) {
        refused.add(new Refused(item, reason));
      }
    }
    return refused;
  }

  private void write(List<WriteRequest> batch, Deadline deadline) throws StorageUnavailable, BatchRefused {
    List<WriteRequest> pending = batch;
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      BatchWriteItemResponse response;
      Map<String, List<WriteRequest>> request = Map.of(table, List.copyOf(pending));
      response = deadline.retry("BatchWriteItem", () -> {
        try {
          return dynamo.batchWriteItem(r -> r.requestItems(request).overrideConfiguration(deadline::limit));
        } catch (SdkException e) {
          if (ItemRefused.isRefusal(e)) {
            return null; // refused for its content: not a failure a retry cures
          }
          throw new StorageUnavailable("BatchWriteItem failed", e);
        }
      });
      if (response == null) {
        throw new BatchRefused(pending);
      }
      List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
      if (unprocessed.isEmpty()) {
        return;
      }
      if (deadline.isNone() ? attempt == MAX_ATTEMPTS : deadline.remaining().toMillis() < backoff + Deadline.MIN_CALL_MILLIS) {
        throw new StorageUnavailable(unprocessed.size() + " items still unprocessed after " + attempt + " attempts", null);
      }
      pending = unprocessed;
      sleep(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
  }

  /** BatchWriteItem refuses two requests for one key; the last item of a key wins. */
  private static List<Map<String, AttributeValue>> uniqueByKey(List<Map<String, AttributeValue>> items) {
    Map<String, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item : items) {
      byKey.put(item.get(Attr.PK).s() + "\u0000" + item.get(Attr.SK).s(), item);
    }
    return new ArrayList<>(byKey.values());
  }

  private static void sleep(long millis) throws StorageUnavailable {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailable("interrupted while retrying", e);
    }
  }
}
