package com.partnercredit.domain;

import java.time.Instant;

/** An employee whose unexpired counted activity carries the partner's credit for a client. */
public record EmployeeCredit(long employeeId, String email, Instant lastQualifyingActivityAt) {}
