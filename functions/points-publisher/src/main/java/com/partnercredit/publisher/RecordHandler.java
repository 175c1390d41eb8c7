package com.partnercredit.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/**
 * The publication's last step, which ends every execution of the state machine: {@code RecordRun}
 * after the buckets, with {@code {"asOf", "startedAt", "execution", "partners", "planRequests",
 * "shards": [every shard's result], "buckets": [every bucket's result]}}, records the success and
 * measures the run, and answers its summary ({@link RunTotals#summary}); {@code RecordFailure}, when
 * a step failed past its retries, with {@code {"asOf", "startedAt", "execution", "failure": {"Error",
 * "Cause"}}}, measures the run as failed ({@link PublicationRun}), after which the execution fails.
 *
 * <p>Its SnapStart hook primes the record's path before the snapshot ({@link PublisherPriming#record}).
 */
public final class RecordHandler
    extends SnapStartHook implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final PublicationRun run;
  private final PublisherPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public RecordHandler() {
    this(DaggerPublisherComponent.create().recordHandler());
    register();
  }

  private RecordHandler(RecordHandler built) {
    this(built.run, built.priming);
  }

  RecordHandler(PublicationRun run) {
    this(run, null);
  }

  @Inject
  RecordHandler(PublicationRun run, PublisherPriming priming) {
    this.run = run;
    this.priming = priming;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    String requestId = context == null ? null : context.getAwsRequestId();
    if (input != null && input.get("failure") instanceof Map<?, ?> failure) {
      String error = failure.get("Error") + ": " + failure.get("Cause");
      String asOf = String.valueOf(input.get("asOf"));
      run.failed(asOf, StepInput.instant(input, "startedAt"),
          input.get("execution") == null ? null : String.valueOf(input.get("execution")), error, requestId);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("asOf", asOf);
      result.put("outcome", "failed");
      result.put("error", error);
      return result;
    }
    return run.succeeded(RunTotals.of(input), requestId);
  }

  @Override
  protected Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.record();
  }
}
