package com.partnercredit.tier;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.store.ActivityStore;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.ParallelReads;
import com.partnercredit.store.ReadModelStore;
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
  /** Where a live answer comes from: the read model (the default) or the stored facts. */
  public enum Source {
    READ_MODEL("readModel"), LIVE("live");

    public final String word;

    Source(String word) {
      this.word = word;
    }
  }

  private final FactStore facts;
  private final ReadModelStore readModel;
  private final CreditEngine engine;
  private final SnapshotStore snapshots;
  private final Duration retention;

  /** Without a read model: every live answer is computed from the stored facts. */
  public PointsBreakdown(FactStore facts, CreditEngine engine, SnapshotStore snapshots) {
    this(facts, null, engine, snapshots);
  }

  @Inject
  public PointsBreakdown(FactStore facts, ReadModelStore readModel, CreditEngine engine, SnapshotStore snapshots) {
    this.facts = facts;
    this.readModel = readModel;
    this.engine = engine;
    this.snapshots = snapshots;
    this.retention = CreditLifetime.retention(engine.rules());
  }

  /** What a breakdown request gets: live figures, a day's snapshot, or nothing that would be exact. */
  public sealed interface Answer {
    /**
     * Computed from the read model or the stored facts ({@code source}); empty when nothing is known
     * about the partner. Every fact answered 200 before {@code changesUntil} is reflected.
     */
    record Live(Optional<PartnerBreakdown> breakdown, Source source, Instant changesUntil) implements Answer {}

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
    return answer(partnerId, asOf, now, Source.READ_MODEL);
  }

  /**
   * As {@link #answer(long, Instant, Instant)}, from the given source. The read model answers once
   * it has recorded progress through the table's stream; before that (a new table, or a read model
   * not yet built) the stored facts do, and the answer says so.
   */
  public Answer answer(long partnerId, Instant asOf, Instant now, Source source) throws StorageUnavailable {
    if (isLive(asOf, now)) {
      if (source == Source.READ_MODEL && readModel != null) {
        Optional<Answer.Live> fromReadModel = fromReadModel(partnerId, asOf, now);
        if (fromReadModel.isPresent()) {
          return fromReadModel.get();
        }
      }
      return new Answer.Live(of(partnerId, asOf), Source.LIVE, now);
    }
    LocalDate day = Snapshot.dayOf(asOf);
    Optional<Snapshot> snapshot = snapshots.of(partnerId, day);
    if (snapshot.isEmpty()) {
      return new Answer.Gone(day, asOf);
    }
    return new Answer.FromSnapshot(snapshot.get(), asOf);
  }

  /**
   * From the read model, in one round: the partner's own facts (registration, sold deals), its
   * clients' conclusions and the read model's progress, evaluated as the stored facts would be at
   * {@code now} (activities past their TTL left out). Empty when the read model has recorded no
   * progress yet.
   */
  private Optional<Answer.Live> fromReadModel(long partnerId, Instant asOf, Instant now) throws StorageUnavailable {
    List<ParallelReads.Read<Object>> reads = List.of(
        () -> facts.partnerFacts(partnerId), () -> readModel.clientsOf(partnerId), readModel::changesUntil);
    List<Object> read = ParallelReads.all(reads);
    @SuppressWarnings("unchecked")
    List<Fact> own = (List<Fact>) read.get(0);
    @SuppressWarnings("unchecked")
    List<ClientConclusions> clients = (List<ClientConclusions>) read.get(1);
    @SuppressWarnings("unchecked")
    Optional<Instant> until = (Optional<Instant>) read.get(2);
    if (until.isEmpty()) {
      return Optional.empty();
    }
    long floor = new ActivityStore(retention).firstLiveMillis(now.toEpochMilli());
    Optional<PartnerBreakdown> breakdown =
        own.isEmpty() ? Optional.empty() : engine.evaluate(partnerId, own, clients, asOf, floor);
    return Optional.of(new Answer.Live(breakdown, Source.READ_MODEL, until.get()));
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
