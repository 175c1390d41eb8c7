package com.partnercredit.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.time.Instant;
import java.util.Map;
import javax.inject.Inject;

/**
 * A shard worker (the state machine's {@code EvaluateShard}, one per item of the plan's
 * {@code shards}, in parallel): input {@code {"asOf", "plan", "bucketCount", "shard": {"shard",
 * "partition", "from", "to", "partners"}}}; stores the shard's partial sums ({@link ShardWorker}) and
 * answers what it did ({@link Step}). Running it again for the same shard changes nothing.
 *
 * <p>Its SnapStart hook primes a shard's path before the snapshot ({@link PublisherPriming#shard}).
 */
public final class ShardHandler
    extends SnapStartHook implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final ShardWorker worker;
  private final PublisherPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public ShardHandler() {
    this(DaggerPublisherComponent.create().shardHandler());
    register();
  }

  private ShardHandler(ShardHandler built) {
    this(built.worker, built.priming);
  }

  ShardHandler(ShardWorker worker) {
    this(worker, null);
  }

  @Inject
  ShardHandler(ShardWorker worker, PublisherPriming priming) {
    this.worker = worker;
    this.priming = priming;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    Instant asOf = StepInput.instant(input, "asOf");
    PartnerShard shard = PartnerShard.fromMap(StepInput.object(input, "shard"));
    String plan = StepInput.string(input, "plan");
    int buckets = StepInput.integer(input, "bucketCount");
    return Step.run("shard " + shard.shard(), asOf, () -> worker.evaluate(asOf, plan, shard, buckets).toMap());
  }

  @Override
  protected Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.shard();
  }
}
