package com.partnercredit.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import javax.inject.Inject;

/**
 * The publication's first step (the state machine's {@code Plan}; the state machine is what the
 * EventBridge schedule starts, with the scheduled event as its input): plans the run as of the
 * event's {@code time} (the scheduled time, the same on every retry and re-run of that schedule),
 * stores the run's partner directory, and answers the plan ({@link RunPlan#toMap}): the client shards
 * the state machine hands to {@link ShardHandler}, then the partner buckets it hands to
 * {@link FinishHandler}. It fails only when storage fails, so that the state machine retries it.
 *
 * <p>The event is EventBridge's "Scheduled Event" JSON, read as a map: its {@code time} is an
 * ISO-8601 instant. (The Lambda events library's {@code ScheduledEvent} would bring Joda-Time into
 * the jar for that one field.)
 *
 * <p>Its SnapStart hook primes the plan before the snapshot ({@link PublisherPriming#plan}).
 */
public final class PublisherHandler
    extends SnapStartHook implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final RunPlanner planner;
  private final PublisherPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public PublisherHandler() {
    this(DaggerPublisherComponent.create().handler());
    register();
  }

  private PublisherHandler(PublisherHandler built) {
    this(built.planner, built.priming);
  }

  PublisherHandler(RunPlanner planner) {
    this(planner, null);
  }

  @Inject
  PublisherHandler(RunPlanner planner, PublisherPriming priming) {
    this.planner = planner;
    this.priming = priming;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    Instant asOf = scheduledTime(event);
    return Step.run("plan", asOf, () -> planner.plan(asOf).toMap());
  }

  @Override
  protected Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.plan();
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
