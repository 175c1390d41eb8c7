package com.partnercredit.publisher;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Evaluation;
import com.partnercredit.domain.Fact;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ParallelReads;
import com.partnercredit.store.StorageUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The client side of one shard: every client of the shard read once, in groups of {@code groupSize}
 * read together ({@link ParallelReads}), each group evaluated together with the partners on it, and
 * each partner's exact share (managed points, counted activities, serviced clients) added to its
 * {@link PartnerSums}. Only one group's client facts are in memory at a time.
 *
 * <p>A client is read as the breakdown reads one ({@link FactStore#clientFactsForCredit}): its account
 * facts, then the activities of its users who are some partner's employee (the run's directory says
 * whose emails those are); the activities of the client's own staff, which cannot count, are never
 * read.
 *
 * <p>A client that cannot be read or evaluated fails every partner on it: their figures would be
 * wrong without it.
 */
final class ManagedTallies {
  /** Lists a shard's client ids, in order, to a consumer. */
  @FunctionalInterface
  interface ClientListing {
    void forEachClient(Consumer<Long> action) throws StorageUnavailable;
  }

  private record ClientInput(long clientId, List<Fact> facts, Set<Long> partners) {}

  /** Carries a storage failure out of the listing's callback. */
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
  private final Duration activityRetention;
  private final Map<Long, PartnerSums> sums = new HashMap<>();
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
    this.activityRetention = CreditLifetime.retention(engine.rules());
  }

  /** Reads and evaluates every client the listing gives. */
  ManagedTallies evaluate(ClientListing listing) throws StorageUnavailable {
    List<Long> group = new ArrayList<>(groupSize);
    try {
      listing.forEachClient(id -> {
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

  /** Every partner's sums over the clients evaluated, failed partners left out. */
  Map<Long, PartnerSums> sums() {
    Map<Long, PartnerSums> ok = new HashMap<>(sums);
    ok.keySet().removeIf(failures::has);
    return Collections.unmodifiableMap(ok);
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
    clients += group.size();
    for (ParallelReads.Outcome<Long, List<Fact>> read : ParallelReads.outcomes(new ArrayList<>(group),
        id -> store.clientFactsForCredit(id, partners::partnersOfEmail, activityRetention))) {
      long clientId = read.input();
      if (!read.ok()) {
        var m = mentions.of(Keys.client(clientId));
        Set<Long> on = new TreeSet<>(m.partnerIds());
        on.addAll(partners.partnersWithEmails(m.emails()));
        failures.failAll(on, "client " + clientId + " could not be read: " + read.bad());
        continue;
      }
      List<Fact> facts = read.value();
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
      addToSums(inputs);
    } catch (RuntimeException groupFailed) {
      for (ClientInput input : inputs) { // find the client(s) the engine cannot evaluate
        try {
          addToSums(List.of(input));
        } catch (RuntimeException bad) {
          failures.failAll(input.partners(), "client " + input.clientId() + " could not be evaluated: " + bad);
        }
      }
    }
  }

  /** Evaluates the clients together with their partners, then adds each partner's share. */
  private void addToSums(List<ClientInput> inputs) {
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
    Map<Long, PartnerSums> shares = new HashMap<>();
    for (long partnerId : on) {
      if (!failures.has(partnerId)) {
        evaluation.partner(partnerId).ifPresent(b -> shares.computeIfAbsent(partnerId, id -> new PartnerSums()).add(b));
      }
    }
    shares.forEach((partnerId, share) -> sums.computeIfAbsent(partnerId, id -> new PartnerSums()).add(share));
  }
}
