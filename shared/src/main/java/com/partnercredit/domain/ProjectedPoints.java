package com.partnercredit.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Managed points at {@code at} if no new fact happens after {@code asOf} ("upcoming point
 * expirations"): credit expires, the split among the remaining partners changes, and the point rates
 * and currency equivalents in force at {@code at} apply.
 */
public record ProjectedPoints(LocalDate date, Instant at, Points managed) {}
