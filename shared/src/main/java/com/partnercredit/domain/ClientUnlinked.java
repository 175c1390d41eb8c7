package com.partnercredit.domain;

import java.time.Instant;

/**
 * {@code CLIENT_UNLINKED}: ends the employee's assignment to the client from {@code occurredAt}; it
 * overrides an automatic assignment too, until a new {@link ClientLinked} (section 3).
 */
public record ClientUnlinked(
    String eventId, Instant occurredAt, long partnerId, long employeeId, long clientId)
    implements Fact {

  public ClientUnlinked {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
  }
}
