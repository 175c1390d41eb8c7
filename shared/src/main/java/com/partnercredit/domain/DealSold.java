package com.partnercredit.domain;

import java.time.Instant;

/** {@code DEAL_SOLD}: MRR sold by a partner to a client; earns sold points for 12 months (section 9). */
public record DealSold(
    String eventId, Instant occurredAt, long partnerId, long clientId, Money mrr, DealKind kind)
    implements Fact {

  public DealSold {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    Check.required(mrr, "mrr");
    Check.required(kind, "kind");
    if (mrr.minorUnits() < 0) {
      throw new IllegalArgumentException("mrr must not be negative");
    }
  }
}
