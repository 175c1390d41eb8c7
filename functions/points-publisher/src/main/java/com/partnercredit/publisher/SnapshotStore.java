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
    return response.items().stream().findFirst().map(Snapshot::from);
  }

  /** The snapshot of {@code day}, if a run wrote one. */
  public Optional<Snapshot> of(long partnerId, LocalDate day) throws StorageUnavailable {
    try {
      var item = dynamo.getItem(g -> g.tableName(table).consistentRead(true).key(Map.of(
          Attr.PK, AttributeValue.fromS(Keys.snapshots(partnerId)),
          Attr.SK, AttributeValue.fromS(Keys.snapshotDay(day))))).item();
      return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Snapshot.from(item));
    } catch (SdkException e) {
      throw new StorageUnavailable("GetItem for the snapshot of partner " + partnerId + " failed", e);
    }
  }

  /** Writes (or overwrites) snapshots, 25 per BatchWriteItem. */
  public void putAll(List<Snapshot> snapshots) throws StorageUnavailable {
    writer.putAll(snapshots.stream().map(Snapshot::item).toList());
  }
}
