package com.partnercredit.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@link CreditEngine#evaluate}: every partner and every client known from the facts,
 * as of {@code asOf}. Maps are sorted by id.
 */
public record Evaluation(
    Instant asOf, Map<Long, PartnerBreakdown> partners, Map<Long, ClientSplit> clients) {

  public Optional<PartnerBreakdown> partner(long partnerId) {
    return Optional.ofNullable(partners.get(partnerId));
  }

  public Optional<ClientSplit> client(long clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }
}
