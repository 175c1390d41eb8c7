package com.partnercredit.tier;

import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.EmployeeRemoved;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.PartnerStanding;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ParallelReads;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.inject.Inject;

/**
 * Keeps the read model fresh from the table's changes (docs/architecture.md, "The read model"): each
 * client a batch of changes touches is recomputed once, from its facts, by the rules engine; a
 * partner-side fact fans out to the clients it can change. A recompute never overwrites one that
 * started later, and an unchanged item is not written ({@link ReadModelStore#write}). Then the
 * standing of every partner on those clients, or with a changed fact of its own, is recomputed.
 */
public final class ReadModelUpdate {
  /**
   * How long before its read a standing starts: the program view answers at its own clock's now,
   * after the write, so this only covers clocks that disagree.
   */
  static final Duration STANDING_MARGIN = Duration.ofMinutes(1);

  private final FactStore facts;
  private final ReadModelStore store;
  private final CreditEngine engine;
  private final Clock clock;
  private final Duration retention;

  @Inject
  public ReadModelUpdate(FactStore facts, ReadModelStore store, CreditEngine engine, Clock clock) {
    this.facts = facts;
    this.store = store;
    this.engine = engine;
    this.clock = clock;
    this.retention = CreditLifetime.retention(engine.rules());
  }

  /** An item of the table that changed: its keys. */
  public record Change(String pk, String sk) {}

  /**
   * What a batch did: clients recomputed and their items written, standings recomputed and written,
   * and the changes whose clients or standings could not be recomputed (to be retried).
   */
  public record Result(int clients, int written, int standings, int standingsWritten, List<Change> failed) {}

  public Result apply(List<Change> changes) {
    Map<Long, List<Change>> byClient = new TreeMap<>();
    Map<Long, List<Change>> byPartner = new LinkedHashMap<>();
    for (Change change : changes) {
      Long client = idAfter(change.pk(), Keys.CLIENT_PREFIX);
      Long partner = idAfter(change.pk(), Keys.PARTNER_PREFIX);
      boolean fact = change.sk().startsWith(Keys.FACT_PREFIX);
      if (client != null && (fact || change.sk().startsWith(Keys.ACTIVITY_PREFIX))) {
        byClient.computeIfAbsent(client, c -> new ArrayList<>()).add(change);
      } else if (partner != null && fact) {
        byPartner.computeIfAbsent(partner, p -> new ArrayList<>()).add(change);
      }
    }
    List<Change> failed = new ArrayList<>();
    for (Map.Entry<Long, List<Change>> e : byPartner.entrySet()) {
      try {
        for (long client : clientsChangedBy(e.getKey(), e.getValue())) {
          byClient.computeIfAbsent(client, c -> new ArrayList<>()).addAll(e.getValue());
        }
      } catch (StorageUnavailable unavailable) {
        failed.addAll(e.getValue());
      }
    }
    // the standings of the partners with a changed fact of their own, and of those on each client
    Map<Long, List<Change>> byStanding = new TreeMap<>();
    byPartner.forEach((partner, touched) -> byStanding.computeIfAbsent(partner, p -> new ArrayList<>()).addAll(touched));
    List<Future<Recomputed>> recomputes = new ArrayList<>(byClient.size());
    for (long client : byClient.keySet()) {
      recomputes.add(CLIENTS.submit(() -> recomputeClient(client)));
    }
    int written = 0;
    int i = 0;
    for (List<Change> touched : byClient.values()) {
      try {
        Recomputed done = recomputes.get(i++).get();
        written += done.written();
        for (long partner : done.partners()) {
          byStanding.computeIfAbsent(partner, p -> new ArrayList<>()).addAll(touched);
        }
      } catch (ExecutionException e) {
        failed.addAll(touched);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.addAll(touched);
      }
    }
    List<Future<Integer>> standings = new ArrayList<>(byStanding.size());
    for (long partner : byStanding.keySet()) {
      standings.add(CLIENTS.submit(() -> recomputeStanding(partner)));
    }
    int standingsWritten = 0;
    i = 0;
    for (List<Change> touched : byStanding.values()) {
      try {
        standingsWritten += standings.get(i++).get();
      } catch (ExecutionException e) {
        failed.addAll(touched);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.addAll(touched);
      }
    }
    return new Result(byClient.size(), written, byStanding.size(), standingsWritten,
        List.copyOf(new LinkedHashSet<>(failed)));
  }

  /** How many clients are recomputed at once; each recompute's own reads run on the store's pool. */
  static final int CLIENTS_IN_FLIGHT = 16;

  private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(CLIENTS_IN_FLIGHT, runnable -> {
    Thread thread = new Thread(runnable, "read-model-recompute");
    thread.setDaemon(true);
    return thread;
  });

  /** Recomputes one client from its facts and writes what changed; returns the items written. */
  public int recompute(long clientId) throws StorageUnavailable {
    return recomputeClient(clientId).written();
  }

  /** A client recomputed: the items written, and the partners on it. */
  private record Recomputed(int written, long[] partners) {}

  private Recomputed recomputeClient(long clientId) throws StorageUnavailable {
    long version = clock.millis(); // before reading: a recompute that starts later sees at least as much
    List<Fact> read = facts.factsForClient(clientId, retention);
    ClientConclusions conclusions = CreditEngine.conclude(Facts.of(read)).get(clientId);
    return conclusions == null ? new Recomputed(0, new long[0])
        : new Recomputed(store.write(conclusions, version), conclusions.partnerIds());
  }

  /**
   * Recomputes a partner's standing from its own facts and its clients' items (one round of three
   * reads) and writes it if it changed; 0 or 1. A partner with no fact of its own has none.
   */
  public int recomputeStanding(long partnerId) throws StorageUnavailable {
    long version = clock.millis();
    List<Object> read = ParallelReads.all(List.<ParallelReads.Read<Object>>of(() -> facts.partnerFacts(partnerId),
        () -> store.clientsOf(partnerId), () -> store.storedStanding(partnerId)));
    @SuppressWarnings("unchecked")
    List<Fact> own = (List<Fact>) read.get(0);
    @SuppressWarnings("unchecked")
    List<ClientConclusions> clients = (List<ClientConclusions>) read.get(1);
    @SuppressWarnings("unchecked")
    Optional<ReadModelStore.StoredStanding> stored = (Optional<ReadModelStore.StoredStanding>) read.get(2);
    if (own.isEmpty()) {
      return 0;
    }
    PartnerStanding standing =
        engine.standing(partnerId, own, clients, Instant.ofEpochMilli(version).minus(STANDING_MARGIN));
    return store.writeStanding(standing, standing.latestName(), version, stored);
  }

  /**
   * The clients a partner's changed facts can change: those with a user with the email of an
   * employee added or removed, or all of the partner's for a registration (its domains); a sold
   * deal changes no client's conclusions (sold points are added when a breakdown is answered).
   */
  Set<Long> clientsChangedBy(long partnerId, Collection<Change> changes) throws StorageUnavailable {
    List<Fact> own = facts.partnerFacts(partnerId);
    Set<String> eventIds = new TreeSet<>();
    for (Change change : changes) {
      eventIds.add(change.sk().substring(Keys.FACT_PREFIX.length()));
    }
    Set<Long> employees = new TreeSet<>();
    boolean everyClient = false;
    for (Fact fact : own) {
      if (!eventIds.contains(fact.eventId())) {
        continue;
      }
      if (fact instanceof EmployeeAdded a) {
        employees.add(a.employeeId());
      } else if (fact instanceof EmployeeRemoved r) {
        employees.add(r.employeeId());
      } else if (!(fact instanceof DealSold)) {
        everyClient = true;
      }
    }
    if (!everyClient && employees.isEmpty()) {
      return Set.of();
    }
    List<Fact> whose = new ArrayList<>();
    for (Fact fact : own) {
      if (everyClient || (fact instanceof EmployeeAdded a && employees.contains(a.employeeId()))) {
        whose.add(fact);
      }
    }
    return facts.clientsOf(partnerId, FactStore.employeeEmails(whose));
  }

  private static Long idAfter(String pk, String prefix) {
    if (!pk.startsWith(prefix)) {
      return null;
    }
    try {
      return Long.parseLong(pk.substring(prefix.length()));
    } catch (NumberFormatException notAnId) {
      return null;
    }
  }
}
