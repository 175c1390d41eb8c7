package com.partnercredit.publisher;

import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.store.TableName;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * When the last publication succeeded: one item ({@link Keys#publications}, {@link Keys#LAST_PUBLICATION}),
 * overwritten by each successful run, read at the start of the next for the
 * {@code SinceLastSuccess} metric. Read with a Query and written with BatchWriteItem, the only
 * calls the publisher's role allows.
 */
public final class LastPublication {
  static final String COMPLETED_AT = "completedAt";

  private final DynamoDbClient dynamo;
  private final String table;
  private final BatchWriter writer;

  @Inject
  public LastPublication(DynamoDbClient dynamo, @TableName String table, BatchWriter writer) {
    this.dynamo = dynamo;
    this.table = table;
    this.writer = writer;
  }

  /** When the last successful run completed; empty before the first. */
  public Optional<Instant> completedAt() throws StorageUnavailable {
    List<Map<String, AttributeValue>> items;
    try {
      items = dynamo.query(q -> q.tableName(table)
          .keyConditionExpression("#pk = :pk AND #sk = :sk")
          .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
          .expressionAttributeValues(Map.of(
              ":pk", AttributeValue.fromS(Keys.publications()),
              ":sk", AttributeValue.fromS(Keys.LAST_PUBLICATION)))
          .consistentRead(true)).items();
    } catch (SdkException e) {
      throw new StorageUnavailable("Query for the last publication failed", e);
    }
    return items.stream().findFirst().map(item -> Instant.parse(item.get(COMPLETED_AT).s()));
  }

  /** Records a successful run as of {@code asOf}, completed at {@code completedAt}. */
  public void record(Instant asOf, Instant completedAt) throws StorageUnavailable {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, AttributeValue.fromS(Keys.publications()));
    item.put(Attr.SK, AttributeValue.fromS(Keys.LAST_PUBLICATION));
    item.put(Attr.KIND, AttributeValue.fromS("PUBLICATION"));
    item.put(Attr.AS_OF, AttributeValue.fromS(asOf.toString()));
    item.put(COMPLETED_AT, AttributeValue.fromS(completedAt.toString()));
    writer.putAll(List.of(item));
  }
}
