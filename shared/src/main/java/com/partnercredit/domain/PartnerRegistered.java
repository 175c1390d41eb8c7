package com.partnercredit.domain;

import java.time.Instant;
import java.util.List;

/**
 * {@code PARTNER_REGISTERED}: the partner's name, its partner employee email domains and its
 * growth-market flag, in force from {@code occurredAt} until the next registration of the same
 * partner. Domains are normalized (trimmed, lower case, sorted, distinct).
 */
public record PartnerRegistered(
    String eventId, Instant occurredAt, long partnerId, String name, List<String> domains,
    boolean growthMarket) implements Fact {

  public PartnerRegistered {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    name = name == null ? "" : name;
    domains = Check.required(domains, "domains").stream()
        .map(d -> d.trim().toLowerCase(java.util.Locale.ROOT))
        .filter(d -> !d.isEmpty())
        .distinct()
        .sorted()
        .toList();
  }
}
