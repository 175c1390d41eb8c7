package com.partnercredit.publisher;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Points;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.domain.SoldDealPoints;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ParallelReads;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.inject.Inject;

/**
 * The run's final step for one bucket of partners (the state machine's {@code PublishBucket}, after
 * every shard completed): adds up each partner's exact partial sums over all shards, evaluates the
 * partner's own facts alone for its sold points, decides its tier on the exact sums with
 * {@link RuleTables#tierAt} (as evaluating the partner with all its facts would), writes its snapshot
 * and puts its events, exactly as the contract says (api.md section 5). Then it writes the bucket's
 * part of the program's record of the day: each published partner's tier and total
 * ({@link SnapshotStore#putProgramBucket}).
 *
 * <p>Re-running it for the same run rewrites the same snapshots (each a pure function of the sums and
 * the previous day's snapshot) and puts each event once ({@link EventMarkers}): it first reads what
 * was already put for its bucket and that time, skips an event put before with the same content, and
 * records each PutEvents call's events once the bus accepted them. An event whose content changed
 * (the facts as of that time changed meanwhile) is put again. Only a step that dies between a
 * PutEvents call and the write of its markers leaves that call's events (at most 10) to be put again
 * by its retry (events.md).
 *
 * <p>Bad data fails only the partners it touches ({@link Failures}): those the shards reported
 * (a client they share could not be read or evaluated), and those whose own facts cannot be read or
 * evaluated. Storage or the bus failing fails the step, so that it is retried.
 *
 * <p>DynamoDB: the bucket's partial sums (a Query, paged), its gsi2 partner partition, per partner
 * one Query for its facts and one for its previous snapshot ({@value #SNAPSHOT_BATCH} partners read
 * together), one BatchWriteItem per 25 snapshots, one for the program's record (two past 64 KB, a
 * bucket of some 9,000 partners), the bucket's markers of the events already put (a Query, paged)
 * and one BatchWriteItem per PutEvents call (its markers); EventBridge: one PutEvents per 10 events
 * not put yet.
 */
public final class BucketPublisher {
  static final int SNAPSHOT_BATCH = 25;

  private record PartnerRead(List<Fact> facts, Optional<Snapshot> previous) {}

  private final FactStore store;
  private final CreditEngine engine;
  private final RuleTables rules;
  private final SnapshotStore snapshots;
  private final EventBus bus;
  private final PartialSums partials;
  private final EventMarkers markers;

  @Inject
  public BucketPublisher(FactStore store, CreditEngine engine, RuleTables rules, SnapshotStore snapshots,
      EventBus bus, PartialSums partials, EventMarkers markers) {
    this.store = store;
    this.engine = engine;
    this.rules = rules;
    this.snapshots = snapshots;
    this.bus = bus;
    this.partials = partials;
    this.markers = markers;
  }

  public PublishReport publish(Instant asOf, String plan, int bucket, int buckets, int shards)
      throws StorageUnavailable, EventsUnavailable, RunIncomplete {
    if (buckets % Keys.ENTITY_SHARDS != 0 || bucket < 0 || bucket >= buckets) {
      throw new IllegalArgumentException("bucket " + bucket + " of " + buckets + ": buckets are a multiple of "
          + Keys.ENTITY_SHARDS + ", so each is listed from one gsi2 partition");
    }
    Failures failures = new Failures(asOf);
    Map<Long, PartnerSums> sums = new HashMap<>();
    for (PartialSums.ShardPartial partial : partials.read(asOf, plan, bucket, shards)) {
      partial.failed().forEach(failures::known); // the shard logged them
      partial.sums().forEach((partner, s) -> sums.computeIfAbsent(partner, id -> new PartnerSums()).add(s));
    }
    List<Long> partners = new ArrayList<>();
    store.forEachPartnerInShard(Keys.shardOf(bucket), id -> {
      if (ShardPlanner.bucketOf(id, buckets) == bucket) {
        partners.add(id);
      }
    });
    partners.sort(null);

    LocalDate day = Snapshot.dayOf(asOf);
    EventMarkers.Put alreadyPut = markers.read(asOf, bucket);
    EventBus.Outbox outbox = bus.outbox(asOf, accepted -> markers.record(asOf, bucket, accepted));
    SortedMap<Long, SnapshotStore.DayFigures> published = new TreeMap<>();
    int skipped = 0;
    for (int from = 0; from < partners.size(); from += SNAPSHOT_BATCH) {
      List<Long> group = new ArrayList<>(partners.subList(from, Math.min(from + SNAPSHOT_BATCH, partners.size())));
      group.removeIf(failures::has);
      List<Snapshot> batch = new ArrayList<>(group.size());
      for (ParallelReads.Outcome<Long, PartnerRead> read : ParallelReads.outcomes(group,
          id -> new PartnerRead(store.partnerFacts(id), snapshots.before(id, day)))) {
        long partnerId = read.input();
        if (!read.ok()) {
          failures.fail(partnerId, "its facts could not be read: " + read.bad());
          continue;
        }
        Optional<PartnerSums> tally = Optional.ofNullable(sums.get(partnerId));
        PartnerResult result;
        Snapshot snapshot;
        List<PublishedEvent> events;
        try {
          Optional<PartnerBreakdown> alone = engine.evaluate(read.value().facts(), asOf).partner(partnerId);
          if (alone.isEmpty() && tally.isEmpty()) {
            continue; // not known yet as of asOf
          }
          Points sold = alone.map(b -> b.points().sold()).orElse(Points.ZERO);
          List<SoldDealPoints> deals = alone.map(PartnerBreakdown::soldDeals).orElse(List.of());
          PartnerSums s = tally.orElseGet(PartnerSums::new);
          Tier tier = rules.tierAt(asOf, s.managed(), sold, s.counted());
          result = new PartnerResult(partnerId, tier, s.managed(), sold, s.counted(), s.serviced(), deals);
          snapshot = result.snapshot(asOf);
          events = PublishedEvents.of(result, snapshot, read.value().previous());
        } catch (RuntimeException bad) {
          failures.fail(partnerId, "could not be evaluated: " + bad);
          continue;
        }
        batch.add(snapshot);
        published.put(partnerId, new SnapshotStore.DayFigures(snapshot.tier(), snapshot.total()));
        for (PublishedEvent event : events) {
          if (alreadyPut.has(event)) {
            skipped++;
          } else {
            outbox.add(event);
          }
        }
      }
      snapshots.putAll(batch);
    }
    // after the snapshots: the record never names a partner whose snapshot is not written
    Map<Tier, Integer> tiers = snapshots.putProgramBucket(day, asOf, bucket, buckets, published);
    outbox.flush();
    return new PublishReport(asOf, partners.size(), published.size(), outbox.sent(), skipped, outbox.calls(),
        failures.byPartner(), tiers);
  }
}
