package com.partnercredit.domain;

import java.time.Instant;

/**
 * {@code EMPLOYEE_REMOVED}: the employee is no longer a partner employee. New activities stop
 * counting; activities already counted keep counting until their 60 days run out (section 6).
 */
public record EmployeeRemoved(String eventId, Instant occurredAt, long partnerId, long employeeId)
    implements Fact {

  public EmployeeRemoved {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
  }
}
