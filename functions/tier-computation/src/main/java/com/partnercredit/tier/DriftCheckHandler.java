package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.PrimingFacts;
import com.partnercredit.wiring.SnapStartHook;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * The drift check's schedule target (template: {@code DriftCheckFunction}, every 15 minutes): compares
 * a sample of partners' default and live answers ({@link DriftCheck}) and writes one measurement,
 * {@code Compared}, {@code Drifted} and {@code Skipped}, with one log line per partner whose answers
 * differ (its id and the fields). The alarm on {@code Drifted} says what to do (docs/operations.md).
 * The invocation fails only when the table cannot be read; the next run is its retry.
 */
public final class DriftCheckHandler
    extends SnapStartHook implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  static final String FUNCTION = "drift-check";

  private final DriftCheck check;
  private final Metrics metrics;
  private final DryRunHttpClient http; // null when built from its parts (tests)
  private final CreditEngine engine;
  private final Clock clock;

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public DriftCheckHandler() {
    this(DaggerDriftCheckComponent.create().handler());
    register();
  }

  private DriftCheckHandler(DriftCheckHandler built) {
    this(built.check, built.metrics, built.http, built.engine, built.clock);
  }

  @Inject
  DriftCheckHandler(DriftCheck check, Metrics metrics, DryRunHttpClient http, CreditEngine engine, Clock clock) {
    this.check = check;
    this.metrics = metrics;
    this.http = http;
    this.engine = engine;
    this.clock = clock;
  }

  DriftCheckHandler(DriftCheck check, Metrics metrics) {
    this(check, metrics, null, null, null);
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    Measurement measurement = Measurement.run(FUNCTION)
        .property("requestId", context == null ? null : context.getAwsRequestId());
    long callsBefore = DynamoDbCalls.INTERCEPTOR.count();
    long started = System.nanoTime();
    DriftCheck.Result result;
    try {
      result = check.run(DriftCheck.SAMPLE);
    } catch (StorageUnavailable e) {
      Log.error("drift check: not completed: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
      throw new IllegalStateException("drift check not completed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("drift check interrupted", e);
    }
    for (DriftCheck.Drift drift : result.drifts()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("log", "drift");
      line.put("partnerId", drift.partnerId());
      line.put("fields", String.join(",", drift.fields()));
      Log.line(line);
    }
    measurement.property("shard", result.shard())
        .count("Compared", result.compared())
        .count("Drifted", result.drifted())
        .count("Skipped", result.skipped())
        .milliseconds("Duration", (System.nanoTime() - started) / 1_000_000)
        .count("DynamoDbRequests", DynamoDbCalls.INTERCEPTOR.count() - callsBefore);
    metrics.emit(measurement);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("asOf", result.asOf().toString());
    report.put("shard", result.shard());
    report.put("compared", result.compared());
    report.put("drifted", result.drifted());
    report.put("skipped", result.skipped());
    return report;
  }

  /**
   * A run in a dry run (the shard's listing answered empty inside the process), then the comparison
   * of a small in-memory portfolio's breakdown with itself.
   */
  @Override
  protected Priming.Report prime() {
    if (http == null) {
      return Priming.Report.NONE;
    }
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("run", () -> handleRequest(Map.of(), null).get("compared"));
    steps.put("compare", () -> {
      Instant asOf = clock.instant();
      Optional<PartnerBreakdown> breakdown =
          engine.evaluate(PrimingFacts.portfolio(asOf), asOf).partner(PrimingFacts.PARTNER);
      return BreakdownDrift.differences(breakdown, breakdown).size();
    });
    return Priming.run(http, steps);
  }
}
