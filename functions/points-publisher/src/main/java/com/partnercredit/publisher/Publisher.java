package com.partnercredit.publisher;

import com.partnercredit.domain.ClientLinked;
import com.partnercredit.domain.ClientUnlinked;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Evaluation;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Points;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.domain.SoldDealPoints;
import com.partnercredit.domain.Tier;
import com.partnercredit.domain.TierPolicy;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.inject.Inject;

/**
 * One publication (contracts.md section 5): every partner evaluated as of {@code asOf}, a snapshot
 * per partner for the day, and the events on the bus.
 *
 * <p><b>How the table is read: clients in groups, partners accumulated.</b> A client's figures
 * depend only on its own facts and the facts of the partners whose employees are on it (rulebook
 * sections 2-7), and a partner's are sums over its clients plus its own sold deals (8-10). So:
 *
 * <ol>
 *   <li>Every partner's partition is read once (one Query each, listed through gsi2) and kept: the
 *       partner side is small (registrations, employees, deals), and its employee emails say which
 *       partners are on which client, as gsi1 would, without a query per email.
 *   <li>Clients are listed shard by shard (gsi2) and read once each, {@value #CLIENT_GROUP} at a
 *       time; a group is evaluated together with the partners on it, and each partner's exact
 *       managed points, counted activities and serviced clients are added to its tally. Only one
 *       group's client facts and activities are in memory at a time.
 *   <li>Each partner's own facts are evaluated alone for its sold points; its tier is then decided
 *       by the tier policy in force on the exact sums (rounded once, by the policy), exactly as
 *       evaluating the partner with all its facts ({@code FactStore#factsForPartner}) would.
 * </ol>
 *
 * <p>Memory: the partner side, one group of clients, and per partner its serviced clients (needed
 * for the snapshot). DynamoDB: one Query per partner partition, per client partition, per gsi2
 * shard page, one per partner for its previous snapshot, and one BatchWriteItem per 25 snapshots.
 *
 * <p><b>Bad data</b> fails the partners it touches, not the run: a partner whose facts cannot be
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
    Run run = new Run(asOf);
    run.readPartners();
    run.evaluateClients();
    return run.publishPartners(observer);
  }

  /** A partner's share of the client groups seen so far. */
  private static final class Tally {
    Points managed = Points.ZERO;
    long counted;
    final List<PartnerResult.ServicedClient> serviced = new ArrayList<>();

    void add(PartnerBreakdown b) {
      managed = managed.plus(b.points().managed());
      counted += b.qualifyingActivities().count();
      serviced.addAll(PartnerResult.servicedIn(b));
    }
  }

  private record ClientInput(long clientId, List<Fact> facts, Set<Long> partners) {}

  /** Thrown through {@code forEachClient}'s callback and unwrapped. */
  private static final class Interrupted extends RuntimeException {
    Interrupted(StorageUnavailable cause) {
      super(cause);
    }
  }

  private final class Run {
    final Instant asOf;
    final SortedMap<Long, List<Fact>> partnerFacts = new TreeMap<>();
    final Map<String, Set<Long>> partnersByEmail = new HashMap<>();
    final SortedMap<Long, String> failed = new TreeMap<>();
    final Map<Long, Tally> tallies = new HashMap<>();
    int clients;

    Run(Instant asOf) {
      this.asOf = asOf;
    }

    void readPartners() throws StorageUnavailable {
      List<Long> ids = new ArrayList<>();
      store.forEachPartner(ids::add);
      ids.sort(null);
      for (long id : ids) {
        List<Fact> facts;
        try {
          facts = store.partnerFacts(id);
        } catch (RuntimeException bad) {
          fail(id, "its facts could not be read: " + bad);
          mentions.of(Keys.partner(id)).emails().forEach(email -> employ(email, id));
          continue;
        }
        partnerFacts.put(id, facts);
        for (Fact fact : facts) {
          if (fact instanceof EmployeeAdded f) {
            employ(f.email(), id);
          }
        }
      }
    }

    void evaluateClients() throws StorageUnavailable {
      List<Long> group = new ArrayList<>(clientGroup);
      try {
        store.forEachClient(id -> {
          group.add(id);
          if (group.size() == clientGroup) {
            evaluateGroupOrInterrupt(group);
            group.clear();
          }
        });
      } catch (Interrupted e) {
        throw (StorageUnavailable) e.getCause();
      }
      evaluateGroup(group);
    }

    private void evaluateGroupOrInterrupt(List<Long> group) {
      try {
        evaluateGroup(group);
      } catch (StorageUnavailable e) {
        throw new Interrupted(e);
      }
    }

    void evaluateGroup(List<Long> group) throws StorageUnavailable {
      List<ClientInput> inputs = new ArrayList<>(group.size());
      for (long clientId : group) {
        clients++;
        List<Fact> facts;
        try {
          facts = store.clientFacts(clientId);
        } catch (RuntimeException bad) {
          var m = mentions.of(Keys.client(clientId));
          Set<Long> on = new TreeSet<>(m.partnerIds());
          m.emails().forEach(email -> on.addAll(partnersByEmail.getOrDefault(email, Set.of())));
          failAll(on, "client " + clientId + " could not be read: " + bad);
          continue;
        }
        Set<Long> on = partnersOn(facts);
        Optional<Long> failedPartner = on.stream().filter(failed::containsKey).findFirst();
        if (failedPartner.isPresent()) {
          failAll(on, "client " + clientId + " is shared with partner " + failedPartner.get()
              + ", whose data could not be read");
          continue;
        }
        inputs.add(new ClientInput(clientId, facts, on));
      }
      try {
        addToTallies(inputs);
      } catch (RuntimeException groupFailed) {
        for (ClientInput input : inputs) { // find the client(s) the engine cannot evaluate
          try {
            addToTallies(List.of(input));
          } catch (RuntimeException bad) {
            failAll(input.partners(), "client " + input.clientId() + " could not be evaluated: " + bad);
          }
        }
      }
    }

    /** Evaluates the clients together with their partners, then adds each partner's share. */
    private void addToTallies(List<ClientInput> inputs) {
      List<Fact> facts = new ArrayList<>();
      Set<Long> partners = new TreeSet<>();
      for (ClientInput input : inputs) {
        facts.addAll(input.facts());
        partners.addAll(input.partners());
      }
      for (long partnerId : partners) {
        facts.addAll(partnerFacts.getOrDefault(partnerId, List.of()));
      }
      Evaluation evaluation = engine.evaluate(facts, asOf);
      for (long partnerId : partners) {
        if (!failed.containsKey(partnerId)) {
          evaluation.partner(partnerId).ifPresent(b -> tallies.computeIfAbsent(partnerId, id -> new Tally()).add(b));
        }
      }
    }

    /** The partners whose employees are users on, or were linked to, the client (as FactStore#otherPartners). */
    private Set<Long> partnersOn(Collection<Fact> clientFacts) {
      Set<Long> on = new TreeSet<>();
      for (Fact fact : clientFacts) {
        if (fact instanceof ClientUserAdded f) {
          on.addAll(partnersByEmail.getOrDefault(f.email(), Set.of()));
        } else if (fact instanceof ClientLinked f) {
          on.add(f.partnerId());
        } else if (fact instanceof ClientUnlinked f) {
          on.add(f.partnerId());
        }
      }
      return on;
    }

    PublishReport publishPartners(Observer observer) throws StorageUnavailable, EventsUnavailable {
      Optional<TierPolicy> policy = rules.tierPolicies().inForceAt(asOf);
      EventBus.Outbox outbox = bus.outbox(asOf);
      List<Snapshot> pendingSnapshots = new ArrayList<>(SNAPSHOT_BATCH);
      int written = 0;
      for (Map.Entry<Long, List<Fact>> partner : partnerFacts.entrySet()) {
        long partnerId = partner.getKey();
        Tally tally = tallies.remove(partnerId);
        if (failed.containsKey(partnerId)) {
          continue;
        }
        PartnerResult result;
        Snapshot snapshot;
        List<PublishedEvent> events;
        try {
          Optional<PartnerBreakdown> alone = engine.evaluate(partner.getValue(), asOf).partner(partnerId);
          if (alone.isEmpty() && tally == null) {
            continue; // not known yet as of asOf
          }
          Points sold = alone.map(b -> b.points().sold()).orElse(Points.ZERO);
          List<SoldDealPoints> deals = alone.map(PartnerBreakdown::soldDeals).orElse(List.of());
          Tally t = tally == null ? new Tally() : tally;
          Tier tier = policy.map(p -> p.tierFor(t.managed, sold, t.counted)).orElse(Tier.PROVIDER);
          result = new PartnerResult(partnerId, tier, t.managed, sold, t.counted, t.serviced, deals);
          snapshot = Snapshot.of(result, asOf);
          events = PublishedEvents.of(result, snapshot, snapshots.before(partnerId, snapshot.day()));
        } catch (RuntimeException bad) {
          fail(partnerId, "could not be evaluated: " + bad);
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
      return new PublishReport(asOf, clients, written, outbox.sent(), outbox.calls(), failed);
    }

    private void employ(String email, long partnerId) {
      partnersByEmail.computeIfAbsent(email, e -> new TreeSet<>()).add(partnerId);
    }

    private void failAll(Collection<Long> partnerIds, String reason) {
      partnerIds.forEach(id -> fail(id, reason));
    }

    private void fail(long partnerId, String reason) {
      if (failed.putIfAbsent(partnerId, reason) == null) {
        tallies.remove(partnerId);
        Log.error("publisher: partner " + partnerId + " not published as of " + asOf + ": " + reason);
      }
    }
  }
}
