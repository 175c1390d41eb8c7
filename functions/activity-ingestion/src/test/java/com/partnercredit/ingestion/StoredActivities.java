package com.partnercredit.ingestion;

import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.store.ActivityStore;
import com.partnercredit.store.Attr;
import com.partnercredit.store.Keys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads back the activities ingestion stored, as docs/table.md says the key layout allows: one
 * user's activities on one client in {@code [from, to)}, newest first with {@code Limit 1} for the
 * latest, never an item whose TTL has passed by the clock (deleted or not). Test-side only: no
 * production code reads activities one user at a time.
 */
final class StoredActivities {
  /** One stored activity. */
  record Stored(long eventId, long clientId, long userId, String type, String tool, Instant occurredAt) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  StoredActivities(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  /** The latest activity of {@code userId} on {@code clientId} in {@code [from, to)}: one Query of at most one item. */
  Optional<Stored> latest(long clientId, long userId, Instant from, Instant to) {
    QueryRequest range = between(clientId, userId, from, to);
    if (range == null) {
      return Optional.empty();
    }
    return dynamo.query(range.toBuilder().scanIndexForward(false).limit(1).build())
        .items().stream().findFirst().map(StoredActivities::stored);
  }

  /** Every activity of {@code userId} on {@code clientId} in {@code [from, to)}, oldest first. */
  List<Stored> all(long clientId, long userId, Instant from, Instant to) {
    List<Stored> found = new ArrayList<>();
    QueryRequest request = between(clientId, userId, from, to);
    if (request == null) {
      return found;
    }
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse page = dynamo.query(start == null ? request : request.toBuilder().exclusiveStartKey(start).build());
      page.items().forEach(item -> found.add(stored(item)));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return found;
  }

  /** The key range of [from, to), narrowed to what has not expired by the clock; null when empty. */
  private QueryRequest between(long clientId, long userId, Instant from, Instant to) {
    long notExpired = Math.floorDiv(clock.millis(), 1000) * 1000 - CreditLifetime.PERIOD.toMillis() + 1;
    long low = Math.max(from.toEpochMilli(), notExpired);
    long high = to.toEpochMilli() - 1;
    if (low > high) {
      return null;
    }
    String prefix = Keys.activitiesOfUser(userId);
    return QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :low AND :high")
        .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
        .expressionAttributeValues(Map.of(
            ":pk", AttributeValue.fromS(Keys.client(clientId)),
            ":low", AttributeValue.fromS(prefix + Keys.instant(low)),
            ":high", AttributeValue.fromS(prefix + Keys.instant(high) + "#~")))
        .build();
  }

  private static Stored stored(Map<String, AttributeValue> item) {
    return new Stored(
        Long.parseLong(item.get(Attr.EVENT_ID).n()),
        Long.parseLong(item.get(Attr.CLIENT_ID).n()),
        Long.parseLong(item.get(Attr.USER_ID).n()),
        item.get(Attr.ACTIVITY_TYPE).s(),
        item.containsKey(Attr.TOOL) ? item.get(Attr.TOOL).s() : null,
        Instant.ofEpochMilli(Long.parseLong(item.get(Attr.OCCURRED_AT).n())));
  }
}
