package com.partnercredit.ingestion;

import com.partnercredit.store.Keys;
import com.partnercredit.store.PendingWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** What the ingestion tests read back from the table: a client's activities, the pending writes. */
final class TableItems {
  private TableItems() {}

  /** Every activity item of {@code client} (not its facts), read consistently. */
  static List<Map<String, AttributeValue>> activities(DynamoDbClient dynamo, String table, long client) {
    return all(dynamo, QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("pk = :pk AND begins_with(sk, :a)")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.client(client)),
            ":a", AttributeValue.fromS(Keys.ACTIVITY_PREFIX)))
        .build());
  }

  /** Every pending item of every partition of the pending writes. */
  static List<Map<String, AttributeValue>> pending(DynamoDbClient dynamo, String table) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int shard = 0; shard < PendingWrites.SHARDS; shard++) {
      items.addAll(all(dynamo, QueryRequest.builder().tableName(table).consistentRead(true)
          .keyConditionExpression("pk = :pk")
          .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.pending(shard))))
          .build()));
    }
    return items;
  }

  private static List<Map<String, AttributeValue>> all(DynamoDbClient dynamo, QueryRequest query) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse page = dynamo.query(start == null ? query : query.toBuilder().exclusiveStartKey(start).build());
      items.addAll(page.items());
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return items;
  }
}
