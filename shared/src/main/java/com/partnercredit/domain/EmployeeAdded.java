package com.partnercredit.domain;

import java.time.Instant;

/** {@code EMPLOYEE_ADDED}: a user of the partner account set as partner employee (step 1). */
public record EmployeeAdded(
    String eventId, Instant occurredAt, long partnerId, long employeeId, String email)
    implements Fact {

  public EmployeeAdded {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    email = Emails.normalize(email);
  }
}
