package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.ReadModelStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The read model's function with faults, for the local stack's poller: the real
 * {@link ReadModelHandler} (hence this package: its graph is built here on the given client, to
 * which the test adds a {@code FaultInjector}), invoked so that some batches
 *
 * <ul>
 *   <li>crash mid-batch: the first half of the records is handled (some clients recomputed), then
 *       the function throws, as an instance that dies would;
 *   <li>are delivered twice;
 *   <li>arrive out of order: the second half before the first;
 *   <li>are followed by a stale delivery of the batch before them.
 * </ul>
 *
 * Each kind happens at its first chance, so that every kind is shown however the poller happens to
 * batch; after that each draw is seeded. Not thread-safe: the mapping invokes one batch at a time.
 */
public final class FaultyReadModel {
  public final AtomicInteger crashes = new AtomicInteger();
  public final AtomicInteger twice = new AtomicInteger();
  public final AtomicInteger reordered = new AtomicInteger();
  public final AtomicInteger stale = new AtomicInteger();
  private final ReadModelHandler handler;
  private final Random random;
  private final int percent;
  private DynamodbEvent previous;

  public FaultyReadModel(DynamoDbClient dynamo, String table, long seed, int percent) {
    Clock clock = Clock.systemUTC();
    ReadModelStore store = new ReadModelStore(dynamo, table);
    CreditEngine engine = new CreditEngine(RuleTablesLoader.fromClasspath());
    this.handler = new ReadModelHandler(new ReadModelUpdate(new FactStore(dynamo, table, clock), store, engine, clock),
        store, clock, measurement -> {});
    this.random = new Random(seed);
    this.percent = percent;
  }

  public StreamsEventResponse invoke(DynamodbEvent batch) {
    List<DynamodbEvent.DynamodbStreamRecord> records = batch.getRecords();
    int half = records.size() / 2;
    if (half > 0 && chance(crashes)) {
      crashes.incrementAndGet();
      handler.handleRequest(event(records.subList(0, half)), null);
      throw new IllegalStateException("injected crash after " + half + " of " + records.size() + " records");
    }
    StreamsEventResponse response;
    if (half > 0 && chance(reordered)) {
      reordered.incrementAndGet();
      StreamsEventResponse later = handler.handleRequest(event(records.subList(half, records.size())), null);
      StreamsEventResponse earlier = handler.handleRequest(event(records.subList(0, half)), null);
      List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>(earlier.getBatchItemFailures());
      failures.addAll(later.getBatchItemFailures());
      response = new StreamsEventResponse(failures);
    } else {
      response = handler.handleRequest(batch, null);
    }
    if (chance(twice)) {
      twice.incrementAndGet();
      response = handler.handleRequest(batch, null);
    }
    if (previous != null && chance(stale)) {
      stale.incrementAndGet();
      handler.handleRequest(previous, null); // what it reports is lost, as a late duplicate's would be
    }
    previous = batch;
    return response;
  }

  private boolean chance(AtomicInteger happened) {
    return random.nextInt(100) < percent || happened.get() == 0;
  }

  private static DynamodbEvent event(List<DynamodbEvent.DynamodbStreamRecord> records) {
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(new ArrayList<>(records));
    return event;
  }
}
