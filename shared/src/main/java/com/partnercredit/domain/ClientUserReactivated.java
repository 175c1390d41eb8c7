package com.partnercredit.domain;

import java.time.Instant;

/** {@code CLIENT_USER_REACTIVATED}: a DEACTIVATED user is ACTIVE again from {@code occurredAt} (section 3). No effect on a user that is not DEACTIVATED. */
public record ClientUserReactivated(String eventId, Instant occurredAt, long clientId, long userId)
    implements Fact {

  public ClientUserReactivated {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
  }
}
