package com.partnercredit.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import javax.inject.Inject;

/**
 * The EventBridge schedule's target: publishes every partner as of the event's {@code time} (the
 * scheduled time, the same on every retry of that schedule). Partners with bad data are reported
 * in the result, and the invocation succeeds; it fails only when storage or the bus fail, so that
 * Lambda retries it and then hands it to the on-failure destination. Each run writes one
 * structured line with its metrics ({@link PublicationRun}).
 *
 * <p>The event is EventBridge's "Scheduled Event" JSON, read as a map: its {@code time} is an
 * ISO-8601 instant. (The Lambda events library's {@code ScheduledEvent} would bring Joda-Time into
 * the jar for that one field.)
 *
 * <p>Its SnapStart hook primes a run before the snapshot ({@link PublisherPriming}).
 */
public final class PublisherHandler
    extends SnapStartHook implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final PublicationRun run;
  private final PublisherPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public PublisherHandler() {
    this(DaggerPublisherComponent.create().handler());
    register();
  }

  private PublisherHandler(PublisherHandler built) {
    this(built.run, built.priming);
  }

  PublisherHandler(PublicationRun run) {
    this(run, null);
  }

  @Inject
  PublisherHandler(PublicationRun run, PublisherPriming priming) {
    this.run = run;
    this.priming = priming;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    Instant asOf = scheduledTime(event);
    PublishReport report;
    try {
      report = run.run(asOf, context == null ? null : context.getAwsRequestId(), Publisher.Observer.NONE);
    } catch (StorageUnavailable | EventsUnavailable e) {
      Log.error("publisher: run as of " + asOf + " not completed: " + e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
      throw new IllegalStateException("publication as of " + asOf + " not completed: " + e.getMessage(), e);
    }
    return report.summary(); // the run's measurement is its log line (PublicationRun)
  }


  @Override
  protected Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.prime();
  }

  /** The event's {@code time}: EventBridge writes it as {@code 2026-11-28T02:00:00Z}. */
  static Instant scheduledTime(Map<String, Object> event) {
    Object time = event == null ? null : event.get("time");
    if (!(time instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException("a scheduled event with a time is required, got " + time);
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("the scheduled event's time is not an ISO-8601 instant: " + text, e);
    }
  }
}
