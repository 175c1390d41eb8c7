package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.partnercredit.hubspot.ActivityEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parsing paths ingestion relies on that shared's {@code ActivityEventTest} does not cover:
 * what becomes a dead letter, and what optional fields become. ({@code ActivityIngestion} writes
 * through the concrete {@code BatchWriter}, so it is tested against the emulator in {@code IngestionIT}.)
 */
class ActivityEventParsingTest {
  private static Map<String, Object> event() {
    Map<String, Object> json = new HashMap<>();
    json.put("eventId", 1001);
    json.put("portalId", 222);
    json.put("occurredAt", 1764324000000L);
    json.put("subscriptionType", "contact.creation");
    json.put("sourceId", "userId:555");
    return json;
  }

  private static void assertDeadLetter(Map<String, Object> json) {
    assertThrows(ActivityEvent.Malformed.class, () -> ActivityEvent.parse(json), json.toString());
  }

  @Test
  void anOccurredAtNotAfter1970IsADeadLetter() {
    for (long occurredAt : new long[] {0, -1}) {
      Map<String, Object> json = event();
      json.put("occurredAt", occurredAt);
      assertDeadLetter(json);
    }
  }

  @Test
  void aSourceIdThatIsNotAStringIsADeadLetter() {
    Map<String, Object> json = event();
    json.put("sourceId", 555);
    assertDeadLetter(json);
  }

  @Test
  void aTypeThatIsNotAStringIsADeadLetter() {
    Map<String, Object> json = event();
    json.put("subscriptionType", 7);
    assertDeadLetter(json);
  }

  @Test
  void aBlankTypeIsADeadLetter() {
    Map<String, Object> json = event();
    json.put("subscriptionType", "  ");
    assertDeadLetter(json);
  }

  @Test
  void theTypeIsTrimmedAndSubscriptionTypeWinsOverEventType() throws Exception {
    Map<String, Object> json = event();
    json.put("subscriptionType", " deal.creation ");
    json.put("eventType", "blog_post.published");

    assertEquals("deal.creation", ActivityEvent.parse(json).type());
  }

  @Test
  void absentOptionalFieldsAreNull() throws Exception {
    ActivityEvent event = ActivityEvent.parse(event());

    assertNull(event.subscriptionId());
    assertNull(event.objectId());
    assertNull(event.changeSource());
  }

  @Test
  void aChangeSourceThatIsNotAStringIsADeadLetter() {
    Map<String, Object> json = event();
    json.put("changeSource", 12);
    assertDeadLetter(json);
  }
}
