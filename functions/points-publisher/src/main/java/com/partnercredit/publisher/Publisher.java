package com.partnercredit.publisher;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Points;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.domain.SoldDealPoints;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * One publication (docs/api.md section 5): every partner evaluated as of {@code asOf}, a snapshot
 * per partner for the day, and the events on the bus.
 *
 * <p><b>How the table is read: clients in groups, partners accumulated.</b> A client's figures
 * depend only on its own facts and the facts of the partners whose employees are on it (rulebook
 * sections 2-7), and a partner's are sums over its clients plus its own sold deals (8-10). So:
 *
 * <ol>
 *   <li>{@link PartnerDirectory}: every partner's partition is read once (one Query each, listed
 *       through gsi2) and kept: the partner side is small (registrations, employees, deals), and
 *       its employee emails say which partners are on which client, as gsi1 would, without a
 *       query per email.
 *   <li>{@link ManagedTallies}: clients are listed shard by shard (gsi2) and read once each,
 *       {@value #CLIENT_GROUP} at a time; a group is evaluated together with the partners on it,
 *       and each partner's exact managed points, counted activities and serviced clients are
 *       added to its tally. Only one group's client facts and activities are in memory at a time.
 *   <li>Here, each partner's own facts are evaluated alone for its sold points; its tier is then decided
 *       by the tier policy in force on the exact sums (rounded once, by the policy), exactly as
 *       evaluating the partner with all its facts ({@code FactStore#factsForPartner}) would.
 * </ol>
 *
 * <p>Memory: the partner side, one group of clients, and per partner its serviced clients (needed
 * for the snapshot). DynamoDB: one Query per partner partition, per client partition, per gsi2
 * shard page, one per partner for its previous snapshot, and one BatchWriteItem per 25 snapshots.
 *
 * <p><b>Bad data</b> fails the partners it touches, not the run ({@link Failures}): a partner whose facts cannot be
 * read or evaluated is not published; a client that cannot be read or evaluated fails every
 * partner on it (their figures would be wrong without it); both are logged and reported. Only
 * storage or the bus failing stops the run, with an exception, so that it is retried.
 */
public final class Publisher {
  static final int CLIENT_GROUP = 100;
  static final int SNAPSHOT_BATCH = 25;

  /** Sees what a run publishes, partner by partner, as it publishes it. */
  @FunctionalInterface
  public interface Observer {
    Observer NONE = (result, events) -> {};

    void published(PartnerResult result, List<PublishedEvent> events);
  }

  private final FactStore store;
  private final CreditEngine engine;
  private final RuleTables rules;
  private final SnapshotStore snapshots;
  private final EventBus bus;
  private final PartitionMentions mentions;

  private final int clientGroup;

  @Inject
  public Publisher(FactStore store, CreditEngine engine, RuleTables rules, SnapshotStore snapshots,
      EventBus bus, PartitionMentions mentions) {
    this(store, engine, rules, snapshots, bus, mentions, CLIENT_GROUP);
  }

  /** With another group size: tests use small groups so that partners span several groups. */
  Publisher(FactStore store, CreditEngine engine, RuleTables rules, SnapshotStore snapshots,
      EventBus bus, PartitionMentions mentions, int clientGroup) {
    this.clientGroup = clientGroup;
    this.store = store;
    this.engine = engine;
    this.rules = rules;
    this.snapshots = snapshots;
    this.bus = bus;
    this.mentions = mentions;
  }

  public PublishReport publish(Instant asOf, Observer observer) throws StorageUnavailable, EventsUnavailable {
    Failures failures = new Failures(asOf);
    PartnerDirectory partners = PartnerDirectory.read(store, mentions, failures);
    ManagedTallies tallies =
        new ManagedTallies(store, engine, mentions, partners, failures, asOf, clientGroup).evaluateAllClients();
    return publishPartners(asOf, partners, tallies, failures, observer);
  }

  /**
   * Each partner's tier on its exact sums (its managed tally, and its sold points from its own facts
   * evaluated alone), its snapshot, 25 per BatchWriteItem, and its events, 10 per PutEvents.
   */
  private PublishReport publishPartners(Instant asOf, PartnerDirectory partners, ManagedTallies tallies,
      Failures failures, Observer observer) throws StorageUnavailable, EventsUnavailable {
    EventBus.Outbox outbox = bus.outbox(asOf);
    List<Snapshot> pendingSnapshots = new ArrayList<>(SNAPSHOT_BATCH);
    int written = 0;
    for (Map.Entry<Long, List<Fact>> partner : partners.partners().entrySet()) {
      long partnerId = partner.getKey();
      if (failures.has(partnerId)) {
        continue;
      }
      Optional<ManagedTallies.Tally> tally = tallies.of(partnerId);
      PartnerResult result;
      Snapshot snapshot;
      List<PublishedEvent> events;
      try {
        Optional<PartnerBreakdown> alone = engine.evaluate(partner.getValue(), asOf).partner(partnerId);
        if (alone.isEmpty() && tally.isEmpty()) {
          continue; // not known yet as of asOf
        }
        Points sold = alone.map(b -> b.points().sold()).orElse(Points.ZERO);
        List<SoldDealPoints> deals = alone.map(PartnerBreakdown::soldDeals).orElse(List.of());
        ManagedTallies.Tally t = tally.orElseGet(ManagedTallies.Tally::new);
        Tier tier = rules.tierAt(asOf, t.managed, sold, t.counted);
        result = new PartnerResult(partnerId, tier, t.managed, sold, t.counted, t.serviced, deals);
        snapshot = result.snapshot(asOf);
        events = PublishedEvents.of(result, snapshot, snapshots.before(partnerId, snapshot.day()));
      } catch (RuntimeException bad) {
        failures.fail(partnerId, "could not be evaluated: " + bad);
        continue;
      }
      pendingSnapshots.add(snapshot);
      if (pendingSnapshots.size() == SNAPSHOT_BATCH) {
        snapshots.putAll(pendingSnapshots);
        written += pendingSnapshots.size();
        pendingSnapshots.clear();
      }
      for (PublishedEvent event : events) {
        outbox.add(event);
      }
      observer.published(result, events);
    }
    snapshots.putAll(pendingSnapshots);
    written += pendingSnapshots.size();
    outbox.flush();
    return new PublishReport(asOf, tallies.clients(), written, outbox.sent(), outbox.calls(), failures.byPartner());
  }
}
