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
    Written written = write(items, deadline);
    if (!written.unwritten().isEmpty()) {
      throw written.failure();
    }
    return written.refused();
  }

  /**
   * What {@link #write} did.
   *
   * @param refused the items DynamoDB refused for good, with the reason
   * @param unwritten the items not known to be written when it stopped (storage failed or the deadline
   *     came): the unprocessed remainder of the batch it was writing and every batch after it. Some may
   *     have been written after all (an answer lost on the way); writing them again changes nothing
   * @param failure why it stopped; null when {@code unwritten} is empty
   */
  public record Written(List<Refused> refused, List<Map<String, AttributeValue>> unwritten, StorageUnavailable failure) {}

  /**
   * As {@link #putAllExceptRefused(List, Deadline)}, but when storage fails or the deadline comes it
   * returns what is left instead of throwing, so that the caller may keep it elsewhere (ingestion
   * spills it: {@link PendingWrites}). What was written stays written.
   */
  public Written write(List<Map<String, AttributeValue>> items, Deadline deadline) {
    List<Map<String, AttributeValue>> unique = uniqueByKey(items);
    List<WriteRequest> writes = new ArrayList<>(unique.size());
    for (Map<String, AttributeValue> item : unique) {
      writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    List<Refused> refused = new ArrayList<>();
    for (int from = 0; from < writes.size(); from += BATCH_SIZE) {
      List<WriteRequest> batch = writes.subList(from, Math.min(from + BATCH_SIZE, writes.size()));
      List<WriteRequest> rest = writes.subList(Math.min(from + BATCH_SIZE, writes.size()), writes.size());
      try {
        try {
          writeBatch(batch, deadline);
        } catch (BatchRefused e) {
          oneByOne(e.pending, deadline, refused);
        }
      } catch (Stopped e) {
        List<Map<String, AttributeValue>> unwritten = new ArrayList<>(e.pending.size() + rest.size());
        e.pending.forEach(w -> unwritten.add(w.putRequest().item()));
        rest.forEach(w -> unwritten.add(w.putRequest().item()));
        return new Written(refused, unwritten, e.failure);
      }
    }
    return new Written(refused, List.of(), null);
  }

  /** A BatchWriteItem DynamoDB refused as a whole for its content; {@code pending} were not written. */
  private static final class BatchRefused extends Exception {
    final List<WriteRequest> pending;

    BatchRefused(List<WriteRequest> pending) {
      super(null, null, false, false);
      this.pending = pending;
    }
  }

  /** Storage failed or the deadline came; {@code pending} are not known to be written. */
  private static final class Stopped extends Exception {
    final List<WriteRequest> pending;
    final StorageUnavailable failure;

    Stopped(List<WriteRequest> pending, StorageUnavailable failure) {
      super(null, null, false, false);
      this.pending = pending;
      this.failure = failure;
    }
  }

  /** Writes each item with its own PutItem, so one bad item refuses only itself; adds those to {@code refused}. */
  private void oneByOne(List<WriteRequest> writes, Deadline deadline, List<Refused> refused) throws Stopped {
    for (int i = 0; i < writes.size(); i++) {
      Map<String, AttributeValue> item = writes.get(i).putRequest().item();
      String reason;
      try {
        reason = deadline.retry("PutItem", () -> {
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
      } catch (StorageUnavailable e) {
        throw new Stopped(writes.subList(i, writes.size()), e);
      }
      if (reason != null) {
        refused.add(new Refused(item, reason));
      }
    }
  }

  private void writeBatch(List<WriteRequest> batch, Deadline deadline) throws Stopped, BatchRefused {
    List<WriteRequest> pending = batch;
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      BatchWriteItemResponse response;
      Map<String, List<WriteRequest>> request = Map.of(table, List.copyOf(pending));
      try {
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
      } catch (StorageUnavailable e) {
        throw new Stopped(pending, e);
      }
      if (response == null) {
        throw new BatchRefused(pending);
      }
      List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
      if (unprocessed.isEmpty()) {
        return;
      }
      if (deadline.isNone() ? attempt == MAX_ATTEMPTS : deadline.remaining().toMillis() < backoff + Deadline.MIN_CALL_MILLIS) {
        throw new Stopped(unprocessed, new StorageUnavailable(
            unprocessed.size() + " items still unprocessed after " + attempt + " attempts", null));
      }
      pending = unprocessed;
      try {
        sleep(backoff);
      } catch (StorageUnavailable e) {
        throw new Stopped(pending, e);
      }
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
