package com.partnercredit.store;

/** Attribute names of the table's items, in one place. */
public final class Attr {
  private Attr() {}

  public static final String PK = "pk";
  public static final String SK = "sk";
  /** The table's TTL attribute: epoch seconds after which DynamoDB may delete the item. */
  public static final String EXPIRES_AT = "expiresAt";
  public static final String KIND = "kind";

  public static final String CLIENT_ID = "clientId";
  public static final String USER_ID = "userId";
  public static final String EVENT_ID = "eventId";
  public static final String OCCURRED_AT = "occurredAt";
  public static final String ACTIVITY_TYPE = "activityType";
  public static final String TOOL = "tool";
  public static final String SUBSCRIPTION_ID = "subscriptionId";
  public static final String OBJECT_ID = "objectId";
  public static final String CHANGE_SOURCE = "changeSource";

  public static final String RAW = "raw";
  public static final String REASON = "reason";
  public static final String RECEIVED_AT = "receivedAt";
}
