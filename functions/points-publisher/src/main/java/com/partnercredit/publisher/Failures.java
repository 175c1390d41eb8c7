package com.partnercredit.publisher;

import com.partnercredit.log.Log;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The partners a run will not publish, each with the first reason found: bad data fails the
 * partners it touches, not the run. Each failure is logged once.
 */
final class Failures {
  private final Instant asOf;
  private final SortedMap<Long, String> failed = new TreeMap<>();

  Failures(Instant asOf) {
    this.asOf = asOf;
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
}
