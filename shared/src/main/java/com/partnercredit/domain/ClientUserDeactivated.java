package com.partnercredit.domain;

import java.time.Instant;

/** {@code CLIENT_USER_DEACTIVATED}: the user is DEACTIVATED: its activities do not count (section 3). No effect on a user that is not ACTIVE. */
public record ClientUserDeactivated(String eventId, Instant occurredAt, long clientId, long userId)
    implements Fact {

  public ClientUserDeactivated {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
  }
}
