package com.partnercredit.localstack;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.wiring.AwsModule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The read model's function and its event source mapping on the local stack: the real
 * {@code ReadModelHandler}, created as Lambda creates it, invoked by a {@link StreamPoller} on the
 * table's stream. The template's {@code ReadModelFunction} is not needed: the handler is named here.
 */
public final class ReadModelFeed implements AutoCloseable {
  static final String HANDLER = "com.partnercredit.tier.ReadModelHandler::handleRequest";
  static final String FUNCTION = "ReadModelFunction";

  private final Optional<StreamPoller> poller;
  private final String why;
  private final DynamoDbClient dynamo;

  private ReadModelFeed(Optional<StreamPoller> poller, String why, DynamoDbClient dynamo) {
    this.poller = poller;
    this.why = why;
    this.dynamo = dynamo;
  }

  /**
   * Starts polling the table's stream.
   *
   * @param target the function to invoke; null: the real read model handler
   */
  static ReadModelFeed start(Emulator emulator, String table, StreamPoller.Target target, ClassLoader loader) {
    DynamoDbClient dynamo = emulator.newDynamoDbClient(AwsModule::boundedRetries);
    String streamArn = dynamo.describeTable(d -> d.tableName(table)).table().latestStreamArn();
    if (streamArn == null) {
      return new ReadModelFeed(Optional.empty(), "none: the table has no stream (created by an older template? "
          + "delete it to recreate it); the breakdown answers from the stored facts", dynamo);
    }
    StreamPoller.Target function = target != null ? target : realHandler(loader);
    DynamoDbStreamsClient streams = emulator.configure(DynamoDbStreamsClient.builder())
        .overrideConfiguration(AwsModule::boundedRetries).build();
    StreamPoller poller = StreamPoller.start(streams, streamArn, function, new ReadModelStore(dynamo, table),
        StreamPoller.Settings.DEFAULT, Clock.systemUTC(), System.out);
    return new ReadModelFeed(Optional.of(poller), null, dynamo);
  }

  /** The handler, created once as Lambda's init does; the mapping invokes one batch at a time. */
  private static StreamPoller.Target realHandler(ClassLoader loader) {
    LambdaFunction function = LambdaFunction.load(HANDLER, loader);
    return batch -> (StreamsEventResponse) function.invokeWith(batch,
        new LocalContext(UUID.randomUUID().toString(), FUNCTION, 60, 512));
  }

  /** The poller, when the table has a stream. */
  public Optional<StreamPoller> poller() {
    return poller;
  }

  String describe() {
    if (poller.isEmpty()) {
      return why;
    }
    StreamPoller.Settings s = StreamPoller.Settings.DEFAULT;
    return "batches of up to " + s.batchSize() + " records or " + s.window().toMillis() + " ms, "
        + s.maxRetries() + " retries, bisected on error";
  }

  /**
   * Waits until the read model reflects every change written before now (what a test sent).
   *
   * @throws IllegalStateException when the table has no stream, or it did not catch up in time
   */
  public void awaitCaughtUp(Duration timeout) throws InterruptedException {
    Instant now = Instant.now();
    if (!poller.orElseThrow(() -> new IllegalStateException("read model not fed: " + why))
        .awaitCaughtUp(now, timeout)) {
      throw new IllegalStateException("the read model did not catch up with " + now + " within " + timeout);
    }
  }

  /** Waits until the read model reflects every change written before {@code instant}; says how it went. */
  String awaitCaughtUp(Instant instant, Duration timeout) throws InterruptedException {
    if (poller.isEmpty()) {
      return "read model not fed: " + why;
    }
    long started = System.nanoTime();
    boolean caughtUp = poller.get().awaitCaughtUp(instant, timeout);
    long millis = (System.nanoTime() - started) / 1_000_000;
    return caughtUp ? "read model caught up with the seed in " + millis + " ms"
        : "read model NOT caught up after " + millis + " ms: the breakdown's changesUntil says how far it is";
  }

  @Override
  public void close() {
    poller.ifPresent(StreamPoller::close);
    dynamo.close();
  }
}
