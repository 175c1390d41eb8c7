package com.partnercredit.publisher;

import com.partnercredit.log.Log;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * The end of one publication (the state machine's last step, {@code RecordRun}, or
 * {@code RecordFailure} when a step failed past its retries): the record of its success
 * ({@link LastPublication}), the day's partners per tier ({@link SnapshotStore#putTierCounts}, only
 * for a run that completed) and its measurement, written once per run whatever happened (issue 12):
 *
 * <ul>
 *   <li>{@code RunSucceeded} / {@code RunFailed} (1 or 0), {@code Duration} (from the execution's
 *       start);
 *   <li>of a run that completed: {@code PartnersPublished}, {@code PartnersFailed}, {@code EventsPut},
 *       {@code EventsAlreadyPut} (not put again: put before as of the same time), {@code PutEventsCalls},
 *       {@code ClientsRead} (read-model items: a client once per partner on it), {@code Shards} (shard workers), {@code SlowestShard} (ms),
 *       {@code DynamoDbRequests} (of every step, this one's included);
 *   <li>{@code SinceLastSuccess}: seconds from the end of the last successful run to the start of
 *       this one (absent before the first);
 *   <li>log fields: the request id, the execution, {@code asOf}, the outcome ({@code ok},
 *       {@code partial} when partners failed, {@code failed}), the failed partners with their reasons
 *       (at most {@value #LOGGED_FAILURES}), or the error.
 * </ul>
 */
public final class PublicationRun {
  static final String FUNCTION = "points-publisher";
  static final int LOGGED_FAILURES = 50;
  /** The longest error text logged. */
  static final int ERROR_CHARS = 1_000;

  private final LastPublication last;
  private final SnapshotStore snapshots;
  private final Metrics metrics;
  private final Clock clock;

  @Inject
  public PublicationRun(LastPublication last, SnapshotStore snapshots, Metrics metrics, Clock clock) {
    this.last = last;
    this.snapshots = snapshots;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Every step completed: records the success and measures the run. Answers the run's summary. */
  Map<String, Object> succeeded(RunTotals run, String requestId) {
    long callsBefore = DynamoDbCalls.INTERCEPTOR.count();
    Measurement measurement = measurement(run.asOf().toString(), run.execution(), requestId, run.startedAt());
    recordSuccess(run.asOf());
    recordTierCounts(run);
    measurement.count("RunSucceeded", 1).count("RunFailed", 0)
        .count("PartnersPublished", run.snapshots())
        .count("PartnersFailed", run.failedCount())
        .count("EventsPut", run.events())
        .count("EventsAlreadyPut", run.eventsAlreadyPut())
        .count("PutEventsCalls", run.putEventsCalls())
        .count("ClientsRead", run.clients())
        .count("Shards", run.shards())
        .milliseconds("SlowestShard", run.slowestShardMillis())
        .count("DynamoDbRequests", run.stepRequests() + DynamoDbCalls.INTERCEPTOR.count() - callsBefore)
        .property("outcome", run.failedCount() == 0 ? "ok" : "partial")
        .property("failedPartners", RunTotals.listed(run.failedPartners(), LOGGED_FAILURES));
    emit(measurement, run.startedAt());
    return run.summary();
  }

  /** A step failed past its retries (the execution fails next): measures the run as failed. */
  void failed(String asOf, Instant startedAt, String execution, String error, String requestId) {
    Measurement measurement = measurement(asOf, execution, requestId, startedAt)
        .count("RunSucceeded", 0).count("RunFailed", 1)
        .property("outcome", "failed")
        .property("error", error.length() > ERROR_CHARS ? error.substring(0, ERROR_CHARS) : error);
    emit(measurement, startedAt);
  }

  private Measurement measurement(String asOf, String execution, String requestId, Instant startedAt) {
    Measurement measurement = Measurement.run(FUNCTION).property("requestId", requestId).property("asOf", asOf);
    if (execution != null) {
      measurement.property("execution", execution);
    }
    previousSuccess().ifPresent(at -> measurement.seconds("SinceLastSuccess",
        Math.max(0, Duration.between(at, startedAt).getSeconds())));
    return measurement;
  }

  private void emit(Measurement measurement, Instant startedAt) {
    measurement.milliseconds("Duration", Math.max(0, Duration.between(startedAt, clock.instant()).toMillis()));
    metrics.emit(measurement);
  }

  /** The last success, if it can be read: a failure to read it never fails the run. */
  private Optional<Instant> previousSuccess() {
    try {
      return last.completedAt();
    } catch (StorageUnavailable | RuntimeException e) {
      Log.warn("publisher: the last publication could not be read (SinceLastSuccess not measured): " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The day's partners per tier, the sum of the buckets' (which wrote the same counts in their items). */
  private void recordTierCounts(RunTotals run) {
    if (run.tiers() == null) {
      Log.warn("publisher: a bucket of the run as of " + run.asOf() + " gave no counts per tier: none recorded");
      return;
    }
    try {
      snapshots.putTierCounts(Snapshot.dayOf(run.asOf()), run.asOf(), run.tiers());
    } catch (StorageUnavailable | RuntimeException e) {
      Log.error("publisher: the partners per tier as of " + run.asOf() + " could not be recorded: " + e.getMessage());
    }
  }

  /** Records the success; the publication stands even when the record cannot be written. */
  private void recordSuccess(Instant asOf) {
    try {
      last.record(asOf, clock.instant());
    } catch (StorageUnavailable | RuntimeException e) {
      Log.error("publisher: the publication as of " + asOf + " succeeded but could not be recorded: " + e.getMessage());
    }
  }
}
