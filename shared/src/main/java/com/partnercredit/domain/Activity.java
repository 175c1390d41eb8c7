package com.partnercredit.domain;

import java.time.Instant;

/**
 * Something client user {@code userId} did in client account {@code clientId} (section 1), already
 * classified by the qualifying-activity catalogue (section 4): the engine ignores activities whose
 * {@code qualifying} is false.
 */
public record Activity(
    String eventId, long clientId, long userId, String type, Instant occurredAt,
    boolean qualifying) implements Fact {

  public Activity {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    type = type == null ? "" : type;
  }
}
