package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduled event's time, as EventBridge sends it, is the publication's asOf. */
class PublisherHandlerTest {

  @Test
  void theScheduledTimeIsTheEventsIsoTime() {
    Map<String, Object> event = Map.of("version", "0", "detail-type", "Scheduled Event", "source", "aws.events",
        "time", "2026-11-28T02:00:00Z", "detail", Map.of());

    assertEquals(Instant.parse("2026-11-28T02:00:00Z"), PublisherHandler.scheduledTime(event));
  }

  @Test
  void anEventWithoutATimeIsRefused() {
    Map<String, Object> noTime = new HashMap<>();
    noTime.put("time", null);

    assertThrows(IllegalArgumentException.class, () -> PublisherHandler.scheduledTime(null));
    assertThrows(IllegalArgumentException.class, () -> PublisherHandler.scheduledTime(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> PublisherHandler.scheduledTime(noTime));
    assertThrows(IllegalArgumentException.class, () -> PublisherHandler.scheduledTime(Map.of("time", 1764295200000L)));
    assertThrows(IllegalArgumentException.class, () -> PublisherHandler.scheduledTime(Map.of("time", "yesterday")));
  }
}
