package com.partnercredit.publisher;

import com.partnercredit.domain.Tier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the final step did for one bucket of partners.
 *
 * @param partners partners of the bucket listed
 * @param snapshots partners published: one snapshot and one {@code PartnerTierPoints} each
 * @param events events put on the bus (accepted by it) by this step
 * @param eventsAlreadyPut events not put again: the same event (same content) was put for this run
 *     before, by a failed attempt of this step or an earlier run as of the same time ({@link EventMarkers})
 * @param putEventsCalls PutEvents calls, retries included
 * @param failedPartners partners not published, with the reason, by partnerId
 * @param tiers partners published per tier, every tier present (what the bucket's program record holds)
 */
public record PublishReport(
    Instant asOf, int partners, int snapshots, int events, int eventsAlreadyPut, int putEventsCalls,
    SortedMap<Long, String> failedPartners, Map<Tier, Integer> tiers) {

  /**
   * Failed partners a bucket's result lists at most, as samples, each reason cut to
   * {@value RunTotals#REASON_CHARS} characters: a state of the state machine holds every bucket's
   * result and may not exceed 256 KiB, whatever fails (docs/architecture.md, "The publication"). All
   * of them are counted ({@code failedCount}), logged with the full reason by the step that found them,
   * and kept in the run's partial sums.
   */
  static final int LISTED_FAILURES = 3;

  /** The step's result, as JSON-friendly maps: counts, and the first {@value #LISTED_FAILURES} failed partners. */
  public Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("asOf", asOf.toString());
    summary.put("partners", partners);
    summary.put("snapshots", snapshots);
    summary.put("events", events);
    summary.put("eventsAlreadyPut", eventsAlreadyPut);
    summary.put("putEventsCalls", putEventsCalls);
    summary.put("failedCount", failedPartners.size());
    summary.put("failedPartners", RunTotals.listed(failedPartners, LISTED_FAILURES));
    summary.put("tiers", RunTotals.tierNames(tiers));
    return summary;
  }
}
