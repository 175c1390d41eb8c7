package com.partnercredit.domain;

import java.time.Instant;

/** {@code CLIENT_USER_REMOVED}: the user is no longer on the client's account. When it leaves no user whose email is that of a current employee of a partner, that partner's relationship with the client ends at once (section 6). */
public record ClientUserRemoved(String eventId, Instant occurredAt, long clientId, long userId)
    implements Fact {

  public ClientUserRemoved {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
  }
}
