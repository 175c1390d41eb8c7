package com.partnercredit.publisher;

import com.partnercredit.log.Log;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The partners a step will not publish (or sum), each with the first reason found: bad data fails
 * the partners it touches, not the run. Each failure this step finds is logged once; failures known
 * from an earlier step ({@link #known}) are kept, not logged again.
 */
final class Failures {
  private final Instant asOf;
  private final SortedMap<Long, String> failed = new TreeMap<>();
  private final Set<Long> known = new HashSet<>();

  Failures(Instant asOf) {
    this.asOf = asOf;
  }

  /** A failure an earlier step found and reported (the plan's unreadable partners). */
  void known(long partnerId, String reason) {
    if (failed.putIfAbsent(partnerId, reason) == null) {
      known.add(partnerId);
    }
  }

  void fail(long partnerId, String reason) {
    if (failed.putIfAbsent(partnerId, reason) == null) {
      Log.error("publisher: partner " + partnerId + " not published as of " + asOf + ": " + reason);
    }
  }

  void failAll(Collection<Long> partnerIds, String reason) {
    partnerIds.forEach(id -> fail(id, reason));
  }

  boolean has(long partnerId) {
    return failed.containsKey(partnerId);
  }

  SortedMap<Long, String> byPartner() {
    return Collections.unmodifiableSortedMap(failed);
  }

  /** The failures this step found (not those it was told of). */
  SortedMap<Long, String> foundHere() {
    SortedMap<Long, String> here = new TreeMap<>(failed);
    here.keySet().removeAll(known);
    return here;
  }
}
