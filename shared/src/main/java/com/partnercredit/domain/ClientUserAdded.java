package com.partnercredit.domain;

import java.time.Instant;

/**
 * {@code CLIENT_USER_ADDED}: a user on the client's account, ACTIVE from {@code occurredAt}. Adding a
 * user again (even after removal, or with another email) makes it ACTIVE with that email.
 */
public record ClientUserAdded(
    String eventId, Instant occurredAt, long clientId, long userId, String email) implements Fact {

  public ClientUserAdded {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    email = Emails.normalize(email);
  }
}
