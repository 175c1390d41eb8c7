package com.partnercredit.tier;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * One partner's Points Breakdown as of an instant: the facts the split needs (the partner's, its
 * clients' account facts, the activities of the partner employees' users on them, and the other
 * partners servicing those clients) from the store, evaluated by the rules engine. Activities past
 * their TTL are never loaded, whether or not DynamoDB has deleted them: their key range starts at
 * the oldest one the retention keeps.
 */
public final class PointsBreakdown {
  private final FactStore facts;
  private final CreditEngine engine;
  private final Duration retention;

  @Inject
  public PointsBreakdown(FactStore facts, CreditEngine engine) {
    this.facts = facts;
    this.engine = engine;
    this.retention = CreditLifetime.retention(engine.rules());
  }

  /** Empty when nothing is known about the partner. */
  public Optional<PartnerBreakdown> of(long partnerId, Instant asOf) throws StorageUnavailable {
    Optional<List<Fact>> loaded = facts.factsForPartner(partnerId, retention);
    if (loaded.isEmpty()) {
      return Optional.empty();
    }
    return engine.evaluate(loaded.get(), asOf).partner(partnerId);
  }
}
