package com.partnercredit.store;

import com.partnercredit.domain.CreditLifetime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Qualifying activities, stored under their client, sorted by user and time, each with a TTL of
 * 60 days after it happened (rules.md section 5).
 *
 * <p>Reads never return an item whose TTL has passed, whether or not DynamoDB has deleted it yet
 * (deletion lags by hours or days), so results never depend on when deletion happens.
 */
public final class ActivityStore {
  /** How long an activity keeps credit alive, and so how long it is kept: the rules' own period. */
  private static final long LIFETIME_MILLIS = CreditLifetime.PERIOD.toMillis();

  /** One stored activity. */
  public record StoredActivity(long eventId, long clientId, long userId, String type, String tool, Instant occurredAt) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  @Inject
  public ActivityStore(DynamoDbClient dynamo, @TableName String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  /** The item for one activity: the same event always gives the same item. */
  public static Map<String, AttributeValue> item(
      long eventId, long clientId, long userId, String type, String tool, long occurredAtMillis,
      Long subscriptionId, Long objectId, String changeSource) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, s(Keys.client(clientId)));
    item.put(Attr.SK, s(Keys.activity(userId, occurredAtMillis, eventId)));
    item.put(Attr.KIND, s("ACTIVITY"));
    item.put(Attr.EVENT_ID, n(eventId));
    item.put(Attr.CLIENT_ID, n(clientId));
    item.put(Attr.USER_ID, n(userId));
    item.put(Attr.ACTIVITY_TYPE, s(type));
    item.put(Attr.TOOL, s(tool));
    item.put(Attr.OCCURRED_AT, n(occurredAtMillis));
    item.put(Attr.EXPIRES_AT, n(expiresAtSeconds(occurredAtMillis)));
    if (subscriptionId != null) {
      item.put(Attr.SUBSCRIPTION_ID, n(subscriptionId));
    }
    if (objectId != null) {
      item.put(Attr.OBJECT_ID, n(objectId));
    }
    if (changeSource != null) {
      item.put(Attr.CHANGE_SOURCE, s(changeSource));
    }
    return item;
  }

  /**
   * The TTL: the first whole second at or after {@code occurredAt + 60 days}, so that DynamoDB
   * never deletes an activity while it still counts.
   */
  public static long expiresAtSeconds(long occurredAtMillis) {
    return Math.floorDiv(occurredAtMillis + LIFETIME_MILLIS + 999, 1000);
  }

  /**
   * The latest activity of {@code userId} on {@code clientId} with {@code from <= occurredAt < to}:
   * one Query of at most one item.
   */
  public Optional<StoredActivity> latestActivity(long clientId, long userId, Instant from, Instant to) {
    QueryRequest range = between(clientId, userId, from, to);
    if (range == null) {
      return Optional.empty();
    }
    QueryRequest request = range.toBuilder().scanIndexForward(false).limit(1).build();
    return dynamo.query(request).items().stream().findFirst().map(ActivityStore::activity);
  }

  /** Every activity of {@code userId} on {@code clientId} with {@code from <= occurredAt < to}, oldest first. */
  public List<StoredActivity> activities(long clientId, long userId, Instant from, Instant to) {
    List<StoredActivity> found = new ArrayList<>();
    QueryRequest request = between(clientId, userId, from, to);
    if (request == null) {
      return found;
    }
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse page = dynamo.query(start == null ? request : request.toBuilder().exclusiveStartKey(start).build());
      page.items().forEach(item -> found.add(activity(item)));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return found;
  }

  /** The key range of [from, to), narrowed to what has not expired by the wall clock; null when empty. */
  private QueryRequest between(long clientId, long userId, Instant from, Instant to) {
    long notExpired = Math.floorDiv(clock.millis(), 1000) * 1000 - LIFETIME_MILLIS + 1;
    long low = Math.max(from.toEpochMilli(), notExpired);
    long high = to.toEpochMilli() - 1;
    String prefix = Keys.activitiesOfUser(userId);
    if (low > high) {
      return null;
    }
    return QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :low AND :high")
        .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
        .expressionAttributeValues(Map.of(
            ":pk", s(Keys.client(clientId)),
            ":low", s(prefix + Keys.instant(low)),
            ":high", s(prefix + Keys.instant(high) + "#~")))
        .build();
  }

  private static StoredActivity activity(Map<String, AttributeValue> item) {
    return new StoredActivity(
        Long.parseLong(item.get(Attr.EVENT_ID).n()),
        Long.parseLong(item.get(Attr.CLIENT_ID).n()),
        Long.parseLong(item.get(Attr.USER_ID).n()),
        item.get(Attr.ACTIVITY_TYPE).s(),
        item.containsKey(Attr.TOOL) ? item.get(Attr.TOOL).s() : null,
        Instant.ofEpochMilli(Long.parseLong(item.get(Attr.OCCURRED_AT).n())));
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
