package com.partnercredit.publisher;

import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.store.TableName;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The partners' daily snapshots (keys in {@link Keys#snapshots}): one Query to find the last, batched puts. */
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
    if (response.items().isEmpty()) {
      return Optional.empty();
    }
    Map<String, AttributeValue> item = response.items().get(0);
    return Optional.of(Snapshot.from(item, detailParts(partnerId, LocalDate.parse(item.get(Attr.SK).s()), item)));
  }

  /** The detail parts of a snapshot whose maps are not inline (none when they are). */
  private List<Map<String, AttributeValue>> detailParts(long partnerId, LocalDate day, Map<String, AttributeValue> item)
      throws StorageUnavailable {
    int parts = Snapshot.detailPartsOf(item);
    if (parts == 0) {
      return List.of();
    }
    List<Map<String, AttributeValue>> read = new java.util.ArrayList<>(parts);
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
    return read;
  }

  /** The snapshot of {@code day}, if a run wrote one. */
  public Optional<Snapshot> of(long partnerId, LocalDate day) throws StorageUnavailable {
    try {
      var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
          Attr.PK, AttributeValue.fromS(Keys.snapshots(partnerId)),
          Attr.SK, AttributeValue.fromS(Keys.snapshotDay(day))))).item();
      if (item == null || item.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(Snapshot.from(item, detailParts(partnerId, day, item)));
    } catch (SdkException e) {
      throw new StorageUnavailable("GetItem for the snapshot of partner " + partnerId + " failed", e);
    }
  }

  /**
   * Writes (or overwrites) snapshots with their detail parts, 25 items per BatchWriteItem. Parts go
   * first, so that a main item never points at parts not yet written.
   */
  public void putAll(List<Snapshot> snapshots) throws StorageUnavailable {
    List<Map<String, AttributeValue>> parts = new java.util.ArrayList<>();
    List<Map<String, AttributeValue>> mains = new java.util.ArrayList<>();
    for (Snapshot snapshot : snapshots) {
      List<Map<String, AttributeValue>> items = snapshot.items();
      mains.add(items.get(0));
      parts.addAll(items.subList(1, items.size()));
    }
    writer.putAll(parts);
    writer.putAll(mains);
  }
}
