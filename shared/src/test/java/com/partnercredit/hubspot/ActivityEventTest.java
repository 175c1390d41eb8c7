package com.partnercredit.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ActivityEventTest {
  private static Map<String, Object> event() {
    Map<String, Object> json = new HashMap<>();
    json.put("eventId", 1001);
    json.put("subscriptionId", 42);
    json.put("portalId", 222);
    json.put("appId", 7);
    json.put("occurredAt", 1764324000000L);
    json.put("subscriptionType", "contact.creation");
    json.put("attemptNumber", 0);
    json.put("objectId", 5501);
    json.put("changeSource", "CRM_UI");
    json.put("sourceId", "userId:555");
    json.put("changeFlag", "CREATED");
    return json;
  }

  @Test
  void readsTheContractExample() throws Exception {
    ActivityEvent event = ActivityEvent.parse(event());
    assertEquals(1001, event.eventId());
    assertEquals(222, event.portalId());
    assertEquals(1764324000000L, event.occurredAt());
    assertEquals("contact.creation", event.type());
    assertEquals(OptionalLong.of(555), event.actingUserId());
    assertEquals(5501L, event.objectId());
  }

  @Test
  void eventTypeIsASynonymOfSubscriptionType() throws Exception {
    Map<String, Object> json = event();
    json.remove("subscriptionType");
    json.put("eventType", "blog_post.published");
    assertEquals("blog_post.published", ActivityEvent.parse(json).type());
  }

  @Test
  void sourceOtherThanAUserIsNotAttributable() throws Exception {
    Map<String, Object> json = event();
    json.put("sourceId", "integration:99");
    assertTrue(ActivityEvent.parse(json).actingUserId().isEmpty());
    json.remove("sourceId");
    assertTrue(ActivityEvent.parse(json).actingUserId().isEmpty());
  }

  @Test
  void malformedUserSourceIsRejected() {
    Map<String, Object> json = event();
    json.put("sourceId", "userId:abc");
    assertEquals("sourceId 'userId:abc' is not of the form userId:<number>",
        assertThrows(ActivityEvent.Malformed.class, () -> ActivityEvent.parse(json)).getMessage());
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    for (String field : new String[] {"eventId", "portalId", "occurredAt"}) {
      Map<String, Object> json = event();
      json.remove(field);
      assertEquals("missing " + field,
          assertThrows(ActivityEvent.Malformed.class, () -> ActivityEvent.parse(json)).getMessage());
    }
    Map<String, Object> json = event();
    json.remove("subscriptionType");
    assertEquals("missing subscriptionType (or eventType)",
        assertThrows(ActivityEvent.Malformed.class, () -> ActivityEvent.parse(json)).getMessage());
  }

  @Test
  void idsMustBeIntegers() {
    Map<String, Object> json = event();
    json.put("portalId", "222");
    assertEquals("portalId must be an integer",
        assertThrows(ActivityEvent.Malformed.class, () -> ActivityEvent.parse(json)).getMessage());
    json.put("portalId", new java.math.BigDecimal("222.5"));
    assertEquals("portalId must be an integer",
        assertThrows(ActivityEvent.Malformed.class, () -> ActivityEvent.parse(json)).getMessage());
  }
}
