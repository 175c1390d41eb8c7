package com.partnercredit.ingestion;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.partnercredit.log.Log;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.util.Map;
import javax.inject.Inject;

/**
 * The drain's schedule target (once a minute): writes the pending writes where they belong
 * ({@link PendingDrain}). The scheduled event says nothing it needs. The invocation fails only when
 * the pending items cannot be read; the next minute's run is its retry.
 *
 * <p>Its SnapStart hook primes a run before the snapshot ({@link DrainPriming}).
 */
public final class DrainHandler
    extends SnapStartHook implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final PendingDrain drain;
  private final DrainPriming priming;

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public DrainHandler() {
    this(DaggerDrainComponent.create().handler());
    register();
  }

  private DrainHandler(DrainHandler built) {
    this(built.drain, built.priming);
  }

  @Inject
  DrainHandler(PendingDrain drain, DrainPriming priming) {
    this.drain = drain;
    this.priming = priming;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    try {
      return drain.run(context == null ? null : context.getAwsRequestId()).summary();
    } catch (StorageUnavailable e) {
      Log.error("drain: run not completed: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
      throw new IllegalStateException("drain not completed: " + e.getMessage(), e);
    }
  }

  @Override
  protected Priming.Report prime() {
    return priming.prime();
  }
}
