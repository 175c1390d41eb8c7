package com.partnercredit.store;

import com.partnercredit.domain.CreditLifetime;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Qualifying activities, stored under their client, sorted by user and time, each with a TTL of
 * 60 days after it happened (rules.md section 5). {@link FactStore} reads them back with the
 * client's facts.
 */
public final class ActivityStore {
  /** How long an activity keeps credit alive, and so how long it is kept: the rules' own period. */
  private static final long LIFETIME_MILLIS = CreditLifetime.PERIOD.toMillis();

  private ActivityStore() {}

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

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
