package com.partnercredit.domain;

/**
 * Counted activities (those that met the four steps at their own time) in the tier policy's window
 * {@code (asOf - windowDays, asOf]}, over all of the partner's clients (section 10).
 */
public record QualifyingActivities(int windowDays, long count) {}
