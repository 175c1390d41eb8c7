package com.partnercredit.tier;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * One partner's Points Breakdown as of an instant: the facts the split needs (the partner's, its
 * clients' account facts, the activities of the partner employees' users on them, and the other
 * partners servicing those clients) from the store, evaluated by the rules engine. Activities past
 * their TTL are never loaded, whether or not DynamoDB has deleted them: their key range starts at
 * the oldest one the retention keeps.
 *
 * <p><b>The time horizon</b> (docs/api.md section 4): live facts answer exactly any {@code asOf}
 * from {@link CreditLifetime#HORIZON} before now onwards (activities are kept that long past the
 * end of their credit). An earlier {@code asOf} is answered from the publisher's snapshot of its
 * UTC day, or not at all ({@link Answer.Gone}): never a silently partial answer.
 */
public final class PointsBreakdown {
  private final FactStore facts;
  private final CreditEngine engine;
  private final SnapshotStore snapshots;
  private final Duration retention;

  @Inject
  public PointsBreakdown(FactStore facts, CreditEngine engine, SnapshotStore snapshots) {
    this.facts = facts;
    this.engine = engine;
    this.snapshots = snapshots;
    this.retention = CreditLifetime.retention(engine.rules());
  }

  /** What a breakdown request gets: live figures, a day's snapshot, or nothing that would be exact. */
  public sealed interface Answer {
    /** Computed from live facts; empty when nothing is known about the partner. */
    record Live(Optional<PartnerBreakdown> breakdown) implements Answer {}

    /** Before the horizon: the publisher's snapshot of the UTC day of the asked {@code asOf}. */
    record FromSnapshot(Snapshot snapshot, Instant requestedAsOf) implements Answer {}

    /** Before the horizon, and no snapshot of that day. */
    record Gone(LocalDate day, Instant requestedAsOf) implements Answer {}
  }

  /** Whether live facts still answer {@code asOf} exactly at {@code now}. */
  public static boolean isLive(Instant asOf, Instant now) {
    return !asOf.isBefore(now.minus(CreditLifetime.HORIZON));
  }

  /** The answer for {@code asOf} at {@code now}: live within the horizon, else from that day's snapshot. */
  public Answer answer(long partnerId, Instant asOf, Instant now) throws StorageUnavailable {
    if (isLive(asOf, now)) {
      return new Answer.Live(of(partnerId, asOf));
    }
    LocalDate day = Snapshot.dayOf(asOf);
    Optional<Snapshot> snapshot = snapshots.of(partnerId, day);
    if (snapshot.isEmpty()) {
      return new Answer.Gone(day, asOf);
    }
    return new Answer.FromSnapshot(snapshot.get(), asOf);
  }

  /** Computed from live facts, whatever {@code asOf}; empty when nothing is known about the partner. */
  public Optional<PartnerBreakdown> of(long partnerId, Instant asOf) throws StorageUnavailable {
    Optional<List<Fact>> loaded = facts.factsForPartner(partnerId, retention);
    if (loaded.isEmpty()) {
      return Optional.empty();
    }
    return engine.evaluate(loaded.get(), asOf).partner(partnerId);
  }
}
