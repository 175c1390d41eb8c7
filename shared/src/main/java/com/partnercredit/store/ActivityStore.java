package com.partnercredit.store;

import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.RuleTables;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Qualifying activities, stored under their client, sorted by user and time, each kept until the
 * longest window any rule reads it for has passed, plus the 7-day horizon
 * ({@link CreditLifetime#retention}): the table's TTL attribute. {@link FactStore} reads them back
 * with the client's facts.
 */
public final class ActivityStore {
  private final long retentionMillis;

  /** Keeps activities as long as the rule tables read them ({@link CreditLifetime#retention}). */
  @Inject
  public ActivityStore(RuleTables rules) {
    this(CreditLifetime.retention(rules));
  }

  public ActivityStore(Duration retention) {
    this.retentionMillis = retention.toMillis();
  }

  /**
   * The item for one activity: the same event always gives the same item.
   *
   * @param activityId the activity's identity (HubSpot's eventId is not unique: see
   *     {@code ActivityEvent#identity}); the item's key, and the activity's id for the rules
   */
  public Map<String, AttributeValue> item(String activityId,
      long eventId, long clientId, long userId, String type, String tool, long occurredAtMillis,
      Long subscriptionId, Long objectId, String changeSource) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, s(Keys.client(clientId)));
    item.put(Attr.SK, s(Keys.activity(userId, occurredAtMillis, activityId)));
    item.put(Attr.KIND, s("ACTIVITY"));
    item.put(Attr.ACTIVITY_ID, s(activityId));
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
   * The TTL: the first whole second at or after {@code occurredAt} + the retention, so that
   * DynamoDB never deletes an activity while a rule still reads it, nor within the horizon after.
   */
  public long expiresAtSeconds(long occurredAtMillis) {
    return Math.floorDiv(occurredAtMillis + retentionMillis + 999, 1000);
  }

  /**
   * The earliest {@code occurredAt} (epoch ms) whose item has not expired at {@code nowMillis} by
   * the wall clock ({@link #expiresAtSeconds} after the second of now): every activity before it is
   * past its TTL, so a read may start its key range there and skip what DynamoDB has not deleted yet.
   */
  public long firstLiveMillis(long nowMillis) {
    // expiresAtSeconds(o) = ceil((o + r) / 1000) > s  <=>  o + r > 1000 s  <=>  o >= 1000 s - r + 1
    return Math.max(0, Math.floorDiv(nowMillis, 1000) * 1000 - retentionMillis + 1);
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
