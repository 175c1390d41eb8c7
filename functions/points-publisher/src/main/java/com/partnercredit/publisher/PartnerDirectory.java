package com.partnercredit.publisher;

import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.Fact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The partner side a shard worker evaluates its partners with: every partner's facts that the
 * evaluation of its managed points reads (registrations and employees; sold deals only feed the
 * partner's own sold points, which the final step computes). The plan step reads every partner once
 * and stores this as the run's directory ({@link RunDirectory}); each worker reads it back.
 *
 * <p>A partner whose facts could not be read (bad data) is kept as failed, so that the partners
 * sharing a client with it fail too ({@link ShardWorker}).
 */
final class PartnerDirectory {
  private final Map<Long, List<Fact>> facts = new HashMap<>();
  private final SortedMap<Long, String> failed = new TreeMap<>();

  /** What client evaluation needs of a partner's facts: all but its sold deals. */
  static boolean neededForClients(Fact fact) {
    return !(fact instanceof DealSold);
  }

  /** Adds a partner with its facts (sold deals are left out). */
  void add(long partnerId, Collection<? extends Fact> own) {
    List<Fact> kept = new ArrayList<>(own.size());
    for (Fact fact : own) {
      if (neededForClients(fact)) {
        kept.add(fact);
      }
    }
    facts.computeIfAbsent(partnerId, id -> new ArrayList<>()).addAll(kept);
  }

  /** A partner whose facts could not be read. */
  void fail(long partnerId, String reason) {
    failed.putIfAbsent(partnerId, reason);
  }

  List<Fact> factsOf(long partnerId) {
    return facts.getOrDefault(partnerId, List.of());
  }

  /** The partners read (not failed), with their facts. */
  Map<Long, List<Fact>> partners() {
    return Collections.unmodifiableMap(facts);
  }

  /** The partners that failed, with the first reason. */
  SortedMap<Long, String> failed() {
    return Collections.unmodifiableSortedMap(failed);
  }
}
