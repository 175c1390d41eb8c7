package com.partnercredit.domain;

import java.time.Instant;

/**
 * {@code CLIENT_LINKED}: Client Access Manager assigns the client to the employee from
 * {@code occurredAt} (section 3, manual link), whatever the employee's email domain.
 */
public record ClientLinked(
    String eventId, Instant occurredAt, long partnerId, long employeeId, long clientId)
    implements Fact {

  public ClientLinked {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
  }
}
