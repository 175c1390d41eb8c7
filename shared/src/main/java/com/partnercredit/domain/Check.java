package com.partnercredit.domain;

import java.time.Instant;

/** Shared argument checks of the fact records. */
final class Check {
  private Check() {}

  static String eventId(String eventId) {
    if (eventId == null || eventId.isBlank()) {
      throw new IllegalArgumentException("eventId is required");
    }
    return eventId;
  }

  static Instant time(Instant occurredAt) {
    if (occurredAt == null) {
      throw new IllegalArgumentException("occurredAt is required");
    }
    return occurredAt.getNano() % 1_000_000 == 0
        ? occurredAt
        : Instant.ofEpochMilli(occurredAt.toEpochMilli());
  }

  static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
