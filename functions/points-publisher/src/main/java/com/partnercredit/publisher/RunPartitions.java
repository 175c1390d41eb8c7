package com.partnercredit.publisher;

import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.store.TableName;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The partitions of a run's working items ({@link RunItems}), as the steps write and read them: items
 * put in batches with the run's TTL, and read back strongly consistent, without those past their TTL.
 */
final class RunPartitions {
  /** What a reader does with one item of a run's partition. */
  @FunctionalInterface
  interface ItemReader {
    void read(Map<String, AttributeValue> item) throws RunIncomplete;
  }

  private final DynamoDbClient dynamo;
  private final String table;
  private final BatchWriter writer;
  private final Clock clock;

  @Inject
  RunPartitions(DynamoDbClient dynamo, @TableName String table, BatchWriter writer, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.writer = writer;
    this.clock = clock;
  }

  /** {@code expiresAt} of an item written now for the run of {@code asOf} ({@link RunItems#expiresAt}). */
  long expiresAt(Instant asOf) {
    return RunItems.expiresAt(asOf, clock);
  }

  void putAll(List<Map<String, AttributeValue>> items) throws StorageUnavailable {
    writer.putAll(items);
  }

  /**
   * Every item of the run's partition {@code pk} not past its TTL, in sort-key order, read with
   * strongly consistent Queries (the step before wrote them moments ago) page by page, so that only
   * what the reader keeps is held.
   */
  void forEachLive(String pk, String what, ItemReader reader) throws StorageUnavailable, RunIncomplete {
    try {
      for (Map<String, AttributeValue> item : dynamo.queryPaginator(q -> q.tableName(table)
              .keyConditionExpression("#pk = :pk")
              .expressionAttributeNames(Map.of("#pk", Attr.PK))
              .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
              .consistentRead(true))
          .items()) {
        if (!RunItems.expired(item, Attr.EXPIRES_AT, clock)) {
          reader.read(item);
        }
      }
    } catch (SdkException e) {
      throw new StorageUnavailable("Query for " + what + " failed", e);
    }
  }
}
