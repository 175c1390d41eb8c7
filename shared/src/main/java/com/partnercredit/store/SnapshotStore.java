package com.partnercredit.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The partners' daily snapshots (keys in {@link Keys#snapshots}): written by the publisher in
 * batches, read with Queries only (the last one before a day, the one of a day, the days of a
 * range), so that a reader needs no more than {@code dynamodb:Query}.
 */
public final class SnapshotStore {
  private final DynamoDbClient dynamo;
  private final String table;
  private final BatchWriter writer;

  @Inject
  public SnapshotStore(DynamoDbClient dynamo, @TableName String table, BatchWriter writer) {
    this.dynamo = dynamo;
    this.table = table;
    this.writer = writer;
  }

  /** The partner's latest snapshot of a day before {@code day}: a re-run of a day compares with the same one. */
  public Optional<Snapshot> before(long partnerId, LocalDate day) throws StorageUnavailable {
    QueryResponse response;
    try {
      response = dynamo.query(q -> q.tableName(table)
          .keyConditionExpression("#pk = :pk AND #sk < :day")
          .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
          .expressionAttributeValues(Map.of(
              ":pk", AttributeValue.fromS(Keys.snapshots(partnerId)),
              ":day", AttributeValue.fromS(Keys.snapshotDay(day))))
          .scanIndexForward(false)
          .limit(1));
    } catch (SdkException e) {
      throw new StorageUnavailable("Query for the last snapshot of partner " + partnerId + " failed", e);
    }
    return response.items().isEmpty() ? Optional.empty() : Optional.of(whole(partnerId, response.items().get(0)));
  }

  /** The snapshot of {@code day}, if a run wrote one (a Query on the exact key, strongly consistent). */
  public Optional<Snapshot> of(long partnerId, LocalDate day) throws StorageUnavailable {
    QueryResponse response;
    try {
      response = dynamo.query(q -> q.tableName(table)
          .consistentRead(true)
          .keyConditionExpression("#pk = :pk AND #sk = :day")
          .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
          .expressionAttributeValues(Map.of(
              ":pk", AttributeValue.fromS(Keys.snapshots(partnerId)),
              ":day", AttributeValue.fromS(Keys.snapshotDay(day)))));
    } catch (SdkException e) {
      throw new StorageUnavailable("Query for the snapshot of partner " + partnerId + " on " + day + " failed", e);
    }
    return response.items().isEmpty() ? Optional.empty() : Optional.of(whole(partnerId, response.items().get(0)));
  }

  /**
   * The partner's snapshots of the days {@code from} to {@code to} (both included), oldest first:
   * one Query, followed page by page (a page is at most 1 MB, so a partner with many clients takes
   * several pages).
   */
  public List<Snapshot> between(long partnerId, LocalDate from, LocalDate to) throws StorageUnavailable {
    List<Snapshot> days = new ArrayList<>();
    QueryRequest request = QueryRequest.builder().tableName(table)
        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
        .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
        .expressionAttributeValues(Map.of(
            ":pk", AttributeValue.fromS(Keys.snapshots(partnerId)),
            ":from", AttributeValue.fromS(Keys.snapshotDay(from)),
            ":to", AttributeValue.fromS(Keys.snapshotDay(to))))
        .scanIndexForward(true)
        .build();
    Map<String, AttributeValue> next = null;
    do {
      QueryRequest page = next == null ? request : request.toBuilder().exclusiveStartKey(next).build();
      QueryResponse response;
      try {
        response = dynamo.query(page);
      } catch (SdkException e) {
        throw new StorageUnavailable("Query for the snapshots of partner " + partnerId + " from " + from
            + " to " + to + " failed", e);
      }
      for (Map<String, AttributeValue> item : response.items()) {
        days.add(whole(partnerId, item));
      }
      next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
          ? response.lastEvaluatedKey() : null;
    } while (next != null);
    return days;
  }

  /** A snapshot from its main item and, when its maps are not inline, its detail parts. */
  private Snapshot whole(long partnerId, Map<String, AttributeValue> item) throws StorageUnavailable {
    int parts = Snapshot.detailPartsOf(item);
    if (parts == 0) {
      return Snapshot.from(item);
    }
    LocalDate day = LocalDate.parse(item.get(Attr.SK).s());
    List<Map<String, AttributeValue>> read = new ArrayList<>(parts);
    try {
      dynamo.queryPaginator(q -> q.tableName(table)
              .keyConditionExpression("#pk = :pk AND #sk < :end")
              .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
              .expressionAttributeValues(Map.of(
                  ":pk", AttributeValue.fromS(Keys.snapshotDetail(partnerId, day)),
                  ":end", AttributeValue.fromS(Keys.snapshotPart(parts))))
              .consistentRead(true))
          .items().forEach(read::add);
    } catch (SdkException e) {
      throw new StorageUnavailable("Query for the detail of a snapshot of partner " + partnerId + " failed", e);
    }
    if (read.size() != parts) {
      throw new StorageUnavailable("snapshot of partner " + partnerId + " on " + day + " has " + read.size()
          + " of its " + parts + " detail parts", null);
    }
    return Snapshot.from(item, read);
  }

  /**
   * Writes (or overwrites) snapshots with their detail parts, 25 items per BatchWriteItem. Parts go
   * first, so that a main item never points at parts not yet written.
   */
  public void putAll(List<Snapshot> snapshots) throws StorageUnavailable {
    List<Map<String, AttributeValue>> parts = new ArrayList<>();
    List<Map<String, AttributeValue>> mains = new ArrayList<>();
    for (Snapshot snapshot : snapshots) {
      List<Map<String, AttributeValue>> items = snapshot.items();
      mains.add(items.get(0));
      parts.addAll(items.subList(1, items.size()));
    }
    writer.putAll(parts);
    writer.putAll(mains);
  }
}
