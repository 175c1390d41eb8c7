package com.partnercredit.domain;

import java.time.Instant;
import java.util.Currency;

/** {@code CLIENT_UPSERTED}: the client's name, domain and account currency, latest one wins. */
public record ClientUpserted(
    String eventId, Instant occurredAt, long clientId, String name, String domain,
    Currency currency) implements Fact {

  public ClientUpserted {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    name = name == null ? "" : name;
    domain = domain == null ? "" : domain;
    Check.required(currency, "currency");
  }
}
