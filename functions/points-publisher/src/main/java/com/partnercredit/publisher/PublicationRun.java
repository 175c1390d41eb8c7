package com.partnercredit.publisher;

import com.partnercredit.log.Log;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * One publication as the schedule (or the local stack) starts it: the {@link Publisher}'s run, the
 * record of its success ({@link LastPublication}), and its measurement, written once whatever
 * happens (issue 12):
 *
 * <ul>
 *   <li>{@code RunSucceeded} / {@code RunFailed} (1 or 0), {@code PartnersPublished},
 *       {@code PartnersFailed}, {@code EventsPut}, {@code PutEventsCalls}, {@code ClientsRead},
 *       {@code Shards}, {@code Duration}, {@code DynamoDbRequests};
 *   <li>{@code SinceLastSuccess}: seconds from the end of the last successful run to the start of
 *       this one (absent before the first);
 *   <li>log fields: the request id, {@code asOf}, the outcome ({@code ok}, {@code partial} when
 *       partners failed, {@code failed}) and the failed partners with their reasons (at most
 *       {@value #LOGGED_FAILURES}).
 * </ul>
 */
public final class PublicationRun {
  static final String FUNCTION = "points-publisher";
  static final int LOGGED_FAILURES = 50;

  private final Publisher publisher;
  private final LastPublication last;
  private final Metrics metrics;
  private final Clock clock;

  @Inject
  public PublicationRun(Publisher publisher, LastPublication last, Metrics metrics, Clock clock) {
    this.publisher = publisher;
    this.last = last;
    this.metrics = metrics;
    this.clock = clock;
  }

  public PublishReport run(Instant asOf, String requestId, Publisher.Observer observer)
      throws StorageUnavailable, EventsUnavailable {
    Measurement measurement = Measurement.run(FUNCTION).property("requestId", requestId).property("asOf", asOf.toString());
    long started = System.nanoTime();
    long callsBefore = DynamoDbCalls.INTERCEPTOR.count();
    Instant startedAt = clock.instant();
    try {
      previousSuccess().ifPresent(at -> measurement.seconds("SinceLastSuccess",
          Math.max(0, Duration.between(at, startedAt).getSeconds())));
      PublishReport report = publisher.publish(asOf, observer);
      recordSuccess(asOf);
      measurement.count("RunSucceeded", 1).count("RunFailed", 0)
          .count("PartnersPublished", report.snapshots())
          .count("PartnersFailed", report.failedPartners().size())
          .count("EventsPut", report.events())
          .count("PutEventsCalls", report.putEventsCalls())
          .count("ClientsRead", report.clients())
          .count("Shards", Keys.ENTITY_SHARDS) // the gsi2 client shards a run reads
          .property("outcome", report.failedPartners().isEmpty() ? "ok" : "partial")
          .property("failedPartners", logged(report));
      return report;
    } catch (StorageUnavailable | EventsUnavailable | RuntimeException e) {
      measurement.count("RunSucceeded", 0).count("RunFailed", 1)
          .property("outcome", "failed")
          .property("error", e.getMessage());
      throw e;
    } finally {
      measurement.milliseconds("Duration", (System.nanoTime() - started) / 1_000_000)
          .count("DynamoDbRequests", DynamoDbCalls.INTERCEPTOR.count() - callsBefore);
      metrics.emit(measurement);
    }
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

  /** Records the success; the publication stands even when the record cannot be written. */
  private void recordSuccess(Instant asOf) {
    try {
      last.record(asOf, clock.instant());
    } catch (StorageUnavailable | RuntimeException e) {
      Log.error("publisher: the publication as of " + asOf + " succeeded but could not be recorded: " + e.getMessage());
    }
  }

  private static List<Map<String, Object>> logged(PublishReport report) {
    List<Map<String, Object>> failed = new ArrayList<>();
    report.failedPartners().forEach((partnerId, reason) -> {
      if (failed.size() < LOGGED_FAILURES) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("partnerId", partnerId);
        entry.put("reason", reason);
        failed.add(entry);
      }
    });
    return failed;
  }
}
