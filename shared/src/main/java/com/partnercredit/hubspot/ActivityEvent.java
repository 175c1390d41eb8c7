package com.partnercredit.hubspot;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One HubSpot webhook event of {@code POST /webhooks/hubspot}, validated.
 *
 * @param eventId HubSpot's event id: the identity of the activity
 * @param portalId the client account ({@code clientId})
 * @param occurredAt epoch milliseconds
 * @param type {@code subscriptionType}, or its synonym {@code eventType}
 * @param actingUserId the client user who acted, from {@code sourceId} {@code userId:<n>}; empty
 *     when the change was made by an integration, import or workflow
 * @param sourceId {@code sourceId} as sent (part of the activity's identity), or null
 */
public record ActivityEvent(
    long eventId,
    long portalId,
    long occurredAt,
    String type,
    OptionalLong actingUserId,
    Long subscriptionId,
    Long objectId,
    String changeSource,
    String sourceId) {

  private static final String USER_SOURCE = "userId:";

  /** An event that cannot be read: kept as a dead letter with this reason. */
  public static final class Malformed extends Exception {
    public Malformed(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Parses with the limits of docs/api.md section 6 as of the system clock's now. */
  public static ActivityEvent parse(Map<String, Object> json) throws Malformed {
    return parse(json, Clock.systemUTC().instant());
  }

  /**
   * Reads and validates one event, its values within the limits of docs/api.md section 6 as of
   * {@code now}: {@code occurredAt} between 2000-01-01 and a day after now, every stored string
   * at most {@link Limits#TEXT} characters. A reason never quotes more than 200 characters.
   */
  public static ActivityEvent parse(Map<String, Object> json, Instant now) throws Malformed {
    long eventId = requiredLong(json, "eventId");
    long portalId = requiredLong(json, "portalId");
    long occurredAt = requiredLong(json, "occurredAt");
    String outside = Limits.outsideTimeWindow("occurredAt", occurredAt, now);
    if (outside != null) {
      throw new Malformed(outside);
    }
    String type = optionalString(json, "subscriptionType");
    if (type == null) {
      type = optionalString(json, "eventType");
    }
    if (type == null || type.isBlank()) {
      throw new Malformed("missing subscriptionType (or eventType)");
    }
    return new ActivityEvent(
        eventId, portalId, occurredAt, type.trim(), actingUser(json.get("sourceId")),
        optionalLong(json, "subscriptionId"), optionalLong(json, "objectId"), optionalString(json, "changeSource"),
        optionalString(json, "sourceId"));
  }

  /**
   * The activity's identity (docs/api.md section 2): HubSpot says {@code eventId} alone is not
   * unique, so two events are the same activity only when {@code portalId}, {@code eventId},
   * {@code subscriptionType}, {@code objectId}, {@code sourceId} and {@code occurredAt} are all
   * equal. The id is {@code eventId} and a digest of the whole identity: the same in one request or
   * many, and different for events that share an {@code eventId} but differ in any of the others.
   */
  public String identity() {
    String whole = portalId + "\n" + eventId + "\n" + type + "\n" + objectId + "\n" + sourceId + "\n" + occurredAt;
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(whole.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    return eventId + "-" + java.util.HexFormat.of().formatHex(digest, 0, 8);
  }

  private static OptionalLong actingUser(Object sourceId) throws Malformed {
    if (sourceId == null) {
      return OptionalLong.empty();
    }
    if (!(sourceId instanceof String source)) {
      throw new Malformed("sourceId must be a string");
    }
    if (source.length() > Limits.TEXT) {
      throw new Malformed(Limits.tooLong("sourceId", source, Limits.TEXT));
    }
    if (!source.startsWith(USER_SOURCE)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(source.substring(USER_SOURCE.length())));
    } catch (NumberFormatException e) {
      throw new Malformed("sourceId '" + Limits.echo(source) + "' is not of the form userId:<number>");
    }
  }

  private static long requiredLong(Map<String, Object> json, String field) throws Malformed {
    Long value = optionalLong(json, field);
    if (value == null) {
      throw new Malformed("missing " + field);
    }
    return value;
  }

  private static Long optionalLong(Map<String, Object> json, String field) throws Malformed {
    Object value = json.get(field);
    if (value == null) {
      return null;
    }
    OptionalLong number = JsonNumbers.wholeNumber(value);
    if (number.isEmpty()) {
      throw new Malformed(field + " must be an integer");
    }
    return number.getAsLong();
  }

  private static String optionalString(Map<String, Object> json, String field) throws Malformed {
    Object value = json.get(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new Malformed(field + " must be a string");
    }
    if (text.length() > Limits.TEXT) {
      throw new Malformed(Limits.tooLong(field, text, Limits.TEXT));
    }
    return text;
  }
}
