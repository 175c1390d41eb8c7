package com.partnercredit.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import java.time.Instant;
import java.util.Map;
import javax.inject.Inject;

/**
 * The EventBridge schedule's target: publishes every partner as of the event's {@code time} (the
 * scheduled time, the same on every retry of that schedule). Partners with bad data are reported
 * in the result, and the invocation succeeds; it fails only when storage or the bus fail, so that
 * Lambda retries it and then hands it to the on-failure destination. Each run writes one
 * structured line with its metrics ({@link PublicationRun}).
 */
public final class PublisherHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  private final PublicationRun run;

  /** Called once by Lambda at init: builds the whole object graph. */
  public PublisherHandler() {
    this(DaggerPublisherComponent.create().run());
  }

  @Inject
  PublisherHandler(PublicationRun run) {
    this.run = run;
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    if (event == null || event.getTime() == null) {
      throw new IllegalArgumentException("a scheduled event with a time is required");
    }
    Instant asOf = Instant.ofEpochMilli(event.getTime().getMillis());
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
}
