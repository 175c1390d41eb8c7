package com.partnercredit.ingestion;

import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.PendingWrites;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.FaultInjector;
import com.partnercredit.testsupport.PartitionThrottle;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.wiring.AwsModule;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ingestion route and the drain on a table whose partitions are limited as DynamoDB's are
 * ({@link PartitionThrottle} through the {@link FaultInjector}), with their calls counted: the client
 * is configured as the functions' ({@link AwsModule#boundedRetries}). Every request's and run's
 * measurement is kept.
 */
final class HotPartition implements AutoCloseable {
  /** DynamoDB's write units a partition takes a second. */
  static final int UNITS_PER_SECOND = 1000;

  final PartitionThrottle throttle;
  final FaultInjector faults;
  final RequestCounter counter = new RequestCounter();
  final DynamoDbClient dynamo;
  final BatchWriter writer;
  final String table;
  final Clock clock;
  final List<Measurement> measurements = Collections.synchronizedList(new ArrayList<>());

  /** Partitions of {@code table} limited to {@code unitsPerSecond} write units, on {@code nanoClock}. */
  HotPartition(String table, Clock clock, int unitsPerSecond, LongSupplier nanoClock) {
    this.table = table;
    this.clock = clock;
    this.throttle = new PartitionThrottle(unitsPerSecond, unitsPerSecond, nanoClock, HotPartition::writeUnits);
    this.faults = new FaultInjector(1).throttlePartitions(throttle);
    this.dynamo = Emulator.shared().newDynamoDbClient(c -> {
      AwsModule.boundedRetries(c);
      c.addExecutionInterceptor(counter);
      c.addExecutionInterceptor(faults);
    });
    this.writer = new BatchWriter(dynamo, table);
  }

  /** DynamoDB's write units of putting {@code item}: one per KB, rounded up. */
  static long writeUnits(Map<String, AttributeValue> item) {
    return (PendingWrites.estimatedBytes(item) + 1023) / 1024;
  }

  /** The route with the real budget; spilling to the pending writes, or (the design before) not. */
  IngestionHandler handler(ClientSecret secret, String baseUrl, boolean spilling) {
    return handler(secret, baseUrl, spilling, SignedWebhook.BUDGET, ActivityIngestion.SPILL_RESERVE);
  }

  /**
   * The route with {@code budget} instead of the real one, what is not written {@code spillReserve}
   * before its deadline spilled: for tests against the one-process emulator (see IngestionBurstIT).
   */
  IngestionHandler handler(ClientSecret secret, String baseUrl, boolean spilling, Duration budget, Duration spillReserve) {
    PendingWrites pending = spilling ? new PendingWrites(writer, clock) : null;
    ActivityIngestion ingestion = new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, writer,
        pending, clock, spillReserve);
    return new IngestionHandler(new SignedWebhook(new SignatureV3(secret, clock), measurements::add, budget), ingestion,
        Optional.of(baseUrl));
  }

  /** The drain with {@code budget} a run, pacing at {@code itemsPerSecond}. */
  PendingDrain drain(Duration budget, int itemsPerSecond) {
    return new PendingDrain(new PendingWrites(writer, clock), writer, measurements::add, clock, budget, itemsPerSecond);
  }

  /** The sum of a metric over the requests' and runs' measurements. */
  long sum(String metric) {
    synchronized (measurements) {
      return measurements.stream().mapToLong(m -> m.value(metric).orElse(0.0).longValue()).sum();
    }
  }

  @Override
  public void close() {
    dynamo.close();
  }
}
