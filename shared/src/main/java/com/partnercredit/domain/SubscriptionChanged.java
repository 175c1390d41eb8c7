package com.partnercredit.domain;

import java.time.Instant;

/**
 * {@code SUBSCRIPTION_CHANGED}: the client's subscription MRR from {@code occurredAt} on
 * (section 7: the latest one with {@code occurredAt <= t} is in force; none means 0).
 */
public record SubscriptionChanged(String eventId, Instant occurredAt, long clientId, Money mrr)
    implements Fact {

  public SubscriptionChanged {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    Check.required(mrr, "mrr");
    if (mrr.minorUnits() < 0) {
      throw new IllegalArgumentException("mrr must not be negative");
    }
  }
}
