package com.partnercredit.localstack;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of the two webhook routes' events (docs/api.md sections 2 and 3), for tests that send them. */
final class WebhookEvents {
  private WebhookEvents() {}

  /** An assignment change; {@code fields} are name, value pairs after the common ones. */
  static Map<String, Object> change(String eventId, String type, Instant at, Map<String, Object> actor,
      Object... fields) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("eventId", eventId);
    event.put("type", type);
    event.put("occurredAt", at.toEpochMilli());
    event.put("actor", actor);
    for (int i = 0; i < fields.length; i += 2) {
      event.put((String) fields[i], fields[i + 1]);
    }
    return event;
  }

  /** A HubSpot activity of user {@code userId} on client (portal) {@code clientId}. */
  static Map<String, Object> activity(long eventId, long clientId, long userId, String type, Instant at, long objectId) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("eventId", eventId);
    event.put("subscriptionId", 42);
    event.put("portalId", clientId);
    event.put("appId", 7);
    event.put("occurredAt", at.toEpochMilli());
    event.put("subscriptionType", type);
    event.put("attemptNumber", 0);
    event.put("objectId", objectId);
    event.put("changeSource", "CRM_UI");
    event.put("sourceId", "userId:" + userId);
    return event;
  }

  static Map<String, Object> system() {
    return Map.of("role", "SYSTEM");
  }

  static Map<String, Object> admin(long partnerId) {
    return Map.of("role", "PARTNER_ADMIN", "partnerId", partnerId, "userId", 9001);
  }
}
