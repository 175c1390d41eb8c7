package com.partnercredit.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/**
 * The final step for one bucket of partners (the state machine's {@code PublishBucket}, one per item
 * of the plan's {@code buckets}, after every shard completed): input {@code {"asOf", "plan",
 * "bucketCount", "shardCount", "bucket"}}; decides the tiers on the exact sums, writes the snapshots
 * and puts the events ({@link BucketPublisher}), and answers the bucket's report ({@link Step}).
 * Partners with bad data are reported, and the step succeeds; it fails only when storage or the bus
 * fail, or when a shard's sums are missing, so that the state machine retries it.
 *
 * <p>Its SnapStart hook primes a bucket's path before the snapshot ({@link PublisherPriming#finish}).
 */
public final class FinishHandler
    extends SnapStartHook implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final BucketPublisher publisher;
  private final PublisherPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public FinishHandler() {
    this(DaggerPublisherComponent.create().finishHandler());
    register();
  }

  private FinishHandler(FinishHandler built) {
    this(built.publisher, built.priming);
  }

  FinishHandler(BucketPublisher publisher) {
    this(publisher, null);
  }

  @Inject
  FinishHandler(BucketPublisher publisher, PublisherPriming priming) {
    this.publisher = publisher;
    this.priming = priming;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
    Instant asOf = StepInput.instant(input, "asOf");
    int bucket = StepInput.integer(input, "bucket");
    String plan = StepInput.string(input, "plan");
    int buckets = StepInput.integer(input, "bucketCount");
    int shards = StepInput.integer(input, "shardCount");
    return Step.run("bucket " + bucket, asOf, () -> {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("bucket", bucket);
      result.putAll(publisher.publish(asOf, plan, bucket, buckets, shards).summary());
      return result;
    });
  }

  @Override
  protected Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.finish();
  }
}
