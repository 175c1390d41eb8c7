package com.partnercredit.publisher;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.Evaluation;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Points;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The client side of a run: every client read once, in groups, each group evaluated together with
 * the partners on it, and each partner's exact share (managed points, counted activities, serviced
 * clients) added to its tally. Only one group's client facts are in memory at a time.
 *
 * <p>A client that cannot be read or evaluated fails every partner on it: their figures would be
 * wrong without it.
 */
final class ManagedTallies {
  /** A partner's share of the client groups seen so far. */
  static final class Tally {
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

  /** Carries a storage failure out of {@code forEachClient}'s callback. */
  private static final class Interrupted extends RuntimeException {
    Interrupted(StorageUnavailable cause) {
      super(cause);
    }
  }

  private final FactStore store;
  private final CreditEngine engine;
  private final PartitionMentions mentions;
  private final PartnerDirectory partners;
  private final Failures failures;
  private final Instant asOf;
  private final int groupSize;
  private final Map<Long, Tally> tallies = new HashMap<>();
  private int clients;

  ManagedTallies(FactStore store, CreditEngine engine, PartitionMentions mentions, PartnerDirectory partners,
      Failures failures, Instant asOf, int groupSize) {
    this.store = store;
    this.engine = engine;
    this.mentions = mentions;
    this.partners = partners;
    this.failures = failures;
    this.asOf = asOf;
    this.groupSize = groupSize;
  }

  /** Reads and evaluates every client, shard by shard (gsi2). */
  ManagedTallies evaluateAllClients() throws StorageUnavailable {
    List<Long> group = new ArrayList<>(groupSize);
    try {
      store.forEachClient(id -> {
        group.add(id);
        if (group.size() == groupSize) {
          evaluateGroupOrInterrupt(group);
          group.clear();
        }
      });
    } catch (Interrupted e) {
      throw (StorageUnavailable) e.getCause();
    }
    evaluateGroup(group);
    return this;
  }

  /** The partner's tally, or empty when none of its clients counted (or it failed). */
  Optional<Tally> of(long partnerId) {
    return failures.has(partnerId) ? Optional.empty() : Optional.ofNullable(tallies.get(partnerId));
  }

  int clients() {
    return clients;
  }

  private void evaluateGroupOrInterrupt(List<Long> group) {
    try {
      evaluateGroup(group);
    } catch (StorageUnavailable e) {
      throw new Interrupted(e);
    }
  }

  private void evaluateGroup(List<Long> group) throws StorageUnavailable {
    List<ClientInput> inputs = new ArrayList<>(group.size());
    for (long clientId : group) {
      clients++;
      List<Fact> facts;
      try {
        facts = store.clientFacts(clientId);
      } catch (RuntimeException bad) {
        var m = mentions.of(Keys.client(clientId));
        Set<Long> on = new TreeSet<>(m.partnerIds());
        on.addAll(partners.partnersWithEmails(m.emails()));
        failures.failAll(on, "client " + clientId + " could not be read: " + bad);
        continue;
      }
      Set<Long> on = partners.partnersOn(facts);
      Optional<Long> failedPartner = on.stream().filter(failures::has).findFirst();
      if (failedPartner.isPresent()) {
        failures.failAll(on, "client " + clientId + " is shared with partner " + failedPartner.get()
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
          failures.failAll(input.partners(), "client " + input.clientId() + " could not be evaluated: " + bad);
        }
      }
    }
  }

  /** Evaluates the clients together with their partners, then adds each partner's share. */
  private void addToTallies(List<ClientInput> inputs) {
    List<Fact> facts = new ArrayList<>();
    Set<Long> on = new TreeSet<>();
    for (ClientInput input : inputs) {
      facts.addAll(input.facts());
      on.addAll(input.partners());
    }
    for (long partnerId : on) {
      facts.addAll(partners.factsOf(partnerId));
    }
    Evaluation evaluation = engine.evaluate(facts, asOf);
    for (long partnerId : on) {
      if (!failures.has(partnerId)) {
        evaluation.partner(partnerId).ifPresent(b -> tallies.computeIfAbsent(partnerId, id -> new Tally()).add(b));
      }
    }
  }
}
