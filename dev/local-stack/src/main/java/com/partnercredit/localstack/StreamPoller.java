package com.partnercredit.localstack;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.partnercredit.store.Attr;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The read model's event source mapping, locally (docs/api.md section 7): a thread that reads the
 * table's stream with {@link DynamoDbStreamsClient} as Lambda's poller does and invokes the read
 * model's function with {@link DynamodbEvent} batches.
 *
 * <ul>
 *   <li>Each shard is read from {@code TRIM_HORIZON}; only facts and activities reach the function
 *       (the mapping's filter criteria), the rest is skipped.
 *   <li>Batching: up to {@link Settings#batchSize} records, or what arrived within
 *       {@link Settings#window} of the first.
 *   <li>A reported batch item failure retries the batch from that record; a thrown error bisects
 *       the batch; after {@link Settings#maxRetries} retries the records go to the failure
 *       destination (here a log line and {@link #failed()}), and the shard moves on.
 *   <li>When a poll finds every shard drained, every change written before that poll started has
 *       been delivered: the read model's progress is recorded through that instant
 *       ({@link ReadModelStore#progress}), so that {@code changesUntil} follows the clock under
 *       ordinary traffic. The progress item is itself a change of the table, so while idle it is
 *       recorded at most once per {@link Settings#idleProgress}.
 * </ul>
 */
public final class StreamPoller implements AutoCloseable {
  /** The progress "shard" the read model's function records, so that the two move one mark. */
  public static final String PROGRESS_SHARD = "stream";

  /** The function the mapping invokes. */
  @FunctionalInterface
  public interface Target {
    StreamsEventResponse invoke(DynamodbEvent batch) throws Exception;
  }

  /** How the mapping batches and retries. */
  public record Settings(int batchSize, Duration window, int maxRetries, Duration idlePoll, Duration idleProgress) {
    public static final Settings DEFAULT =
        new Settings(100, Duration.ofMillis(250), 6, Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final Target target;
  private final ReadModelStore progress;
  private final Settings settings;
  private final Clock clock;
  private final PrintStream log;
  private final Map<String, String> iterators = new LinkedHashMap<>();
  private final List<String> failed = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Instant caughtUpThrough = Instant.EPOCH;
  private long delivered;
  private long invocations;
  private Instant progressWritten;
  private long deliveredAtProgress = -1;

  private StreamPoller(DynamoDbStreamsClient streams, String streamArn, Target target, ReadModelStore progress,
      Settings settings, Clock clock, PrintStream log) {
    this.streams = streams;
    this.streamArn = streamArn;
    this.target = target;
    this.progress = progress;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
    this.thread = new Thread(this::run, "local-stack-stream-poller");
    thread.setDaemon(true);
  }

  /**
   * Starts polling the table's latest stream; the streams client is closed with the poller.
   *
   * @throws IllegalStateException when the table has no stream (a table created by an older template)
   */
  public static StreamPoller start(DynamoDbStreamsClient streams, String streamArn, Target target,
      ReadModelStore progress, Settings settings, Clock clock, PrintStream log) {
    if (streamArn == null) {
      throw new IllegalStateException("the table has no stream: it was created without StreamSpecification");
    }
    StreamPoller poller = new StreamPoller(streams, streamArn, target, progress, settings, clock, log);
    poller.thread.start();
    return poller;
  }

  /** The stream's ARN. */
  public String streamArn() {
    return streamArn;
  }

  /** What went to the failure destination, one line per batch. */
  public List<String> failed() {
    return List.copyOf(failed);
  }

  /** Every change written before this instant has been delivered (or sent to the failure destination). */
  public Instant caughtUpThrough() {
    return caughtUpThrough;
  }

  /** How many times the function was invoked. */
  public synchronized long invocations() {
    return invocations;
  }

  /**
   * Waits until every change written before {@code instant} has been delivered.
   *
   * @return whether it caught up within {@code timeout}
   */
  public boolean awaitCaughtUp(Instant instant, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (caughtUpThrough.isBefore(instant)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  private void run() {
    while (running) {
      try {
        if (!pollOnce()) {
          Thread.sleep(settings.idlePoll().toMillis());
        }
      } catch (InterruptedException e) {
        return;
      } catch (SdkException | StorageUnavailable e) {
        // as the mapping does: the stream or the table is unavailable for now, so try again later
        log.println("[local-stack] read model stream: " + e.getMessage() + "; polling again");
        sleep(Duration.ofMillis(500));
      } catch (RuntimeException e) {
        log.println("[local-stack] read model stream poller: " + e);
        sleep(Duration.ofMillis(500));
      }
    }
  }

  /**
   * One round over the shards; false when every shard was drained (the caller then waits). The
   * shards are listed once: moto's stream has one shard, which never closes.
   */
  boolean pollOnce() throws InterruptedException, StorageUnavailable {
    if (iterators.isEmpty()) {
      discoverShards();
    }
    Instant roundStarted = clock.instant();
    boolean drained = true;
    for (String shard : List.copyOf(iterators.keySet())) {
      drained &= pollShard(shard);
    }
    if (drained) {
      caughtUp(roundStarted);
    }
    return !drained;
  }

  private void discoverShards() {
    StreamDescription description = streams.describeStream(d -> d.streamArn(streamArn)).streamDescription();
    for (Shard shard : description.shards()) {
      if (!iterators.containsKey(shard.shardId())) {
        iterators.put(shard.shardId(), streams.getShardIterator(i -> i.streamArn(streamArn)
            .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
      }
    }
  }

  /**
   * Reads one shard up to a batch (or its window), delivers it; true when the shard had nothing
   * more when the last read began.
   */
  private boolean pollShard(String shard) throws InterruptedException {
    List<DynamodbEvent.DynamodbStreamRecord> batch = new ArrayList<>();
    String iterator = iterators.get(shard);
    long windowEnds = 0;
    while (running) {
      if (iterator == null) { // a closed shard, read to its end
        boolean drained = batch.isEmpty();
        if (!drained) {
          deliver(batch);
        }
        iterators.put(shard, null);
        return drained;
      }
      int asked = settings.batchSize() - batch.size();
      String from = iterator;
      GetRecordsResponse response = streams.getRecords(g -> g.shardIterator(from).limit(asked));
      iterator = response.nextShardIterator();
      for (Record record : response.records()) {
        if (forReadModel(record)) {
          batch.add(convert(record));
        }
      }
      boolean atEnd = response.records().size() < asked;
      if (batch.isEmpty()) {
        iterators.put(shard, iterator); // nothing for the function: skipped, as the filter drops it
        if (atEnd) {
          return true;
        }
        continue;
      }
      if (windowEnds == 0) {
        windowEnds = System.nanoTime() + settings.window().toNanos();
      }
      if (batch.size() >= settings.batchSize() || System.nanoTime() >= windowEnds) {
        deliver(batch);
        iterators.put(shard, iterator); // the shard moves on only once the batch is done with
        return false;
      }
      if (atEnd) {
        Thread.sleep(Math.min(50, Math.max(1, (windowEnds - System.nanoTime()) / 1_000_000)));
      }
    }
    return false;
  }

  /**
   * The mapping's filter criteria: facts and activities of clients and partners, the only changes
   * the read model's function reads ({@code ReadModelUpdate}).
   */
  static boolean forReadModel(Record record) {
    var keys = record.dynamodb().keys();
    var pk = keys.get(Attr.PK);
    var sk = keys.get(Attr.SK);
    if (pk == null || sk == null || pk.s() == null || sk.s() == null) {
      return false;
    }
    return (pk.s().startsWith(Keys.CLIENT_PREFIX) || pk.s().startsWith(Keys.PARTNER_PREFIX))
        && (sk.s().startsWith(Keys.FACT_PREFIX) || sk.s().startsWith(Keys.ACTIVITY_PREFIX));
  }

  /** A record as the Lambda event carries it (keys only: the table's stream is KEYS_ONLY). */
  static DynamodbEvent.DynamodbStreamRecord convert(Record record) {
    StreamRecord stream = new StreamRecord();
    Map<String, AttributeValue> keys = new LinkedHashMap<>();
    record.dynamodb().keys().forEach((name, value) -> keys.put(name, value.s() != null
        ? new AttributeValue().withS(value.s()) : new AttributeValue().withN(value.n())));
    stream.setKeys(keys);
    stream.setSequenceNumber(record.dynamodb().sequenceNumber());
    stream.setSizeBytes(record.dynamodb().sizeBytes());
    String view = record.dynamodb().streamViewTypeAsString();
    if (view != null) {
      stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(view));
    }
    Instant created = record.dynamodb().approximateCreationDateTime();
    if (created != null) {
      stream.setApproximateCreationDateTime(Date.from(created));
    }
    DynamodbEvent.DynamodbStreamRecord converted = new DynamodbEvent.DynamodbStreamRecord();
    converted.setEventID(record.eventID());
    converted.setEventName(record.eventNameAsString());
    converted.setEventSource(record.eventSource());
    converted.setEventVersion(record.eventVersion());
    converted.setAwsRegion(record.awsRegion());
    converted.setDynamodb(stream);
    return converted;
  }

  /** One batch with the mapping's retries: from a reported failure, bisected on an error, bounded. */
  private void deliver(List<DynamodbEvent.DynamodbStreamRecord> batch) throws InterruptedException {
    Deque<Attempt> work = new ArrayDeque<>();
    work.push(new Attempt(List.copyOf(batch), 0));
    while (!work.isEmpty() && running) {
      Attempt attempt = work.pop();
      List<DynamodbEvent.DynamodbStreamRecord> records = attempt.records();
      String problem;
      try {
        StreamsEventResponse response = invoke(records);
        int from = firstFailure(records, response);
        if (from < 0) {
          delivered += records.size();
          continue;
        }
        problem = "batch item failure reported at " + records.get(from).getDynamodb().getSequenceNumber();
        records = records.subList(from, records.size());
      } catch (Exception | Error e) {
        problem = "the function failed: " + e;
        if (records.size() > 1) {
          int half = records.size() / 2;
          work.push(new Attempt(records.subList(half, records.size()), attempt.retries() + 1));
          work.push(new Attempt(records.subList(0, half), attempt.retries() + 1));
          backoff(attempt.retries());
          continue;
        }
      }
      if (attempt.retries() >= settings.maxRetries()) {
        String line = "[local-stack] read model: " + records.size() + " record(s) from "
            + records.get(0).getDynamodb().getSequenceNumber() + " sent to the failure destination after "
            + attempt.retries() + " retries (" + problem + ")";
        failed.add(line);
        log.println(line);
        delivered += records.size();
        continue;
      }
      backoff(attempt.retries());
      work.push(new Attempt(records, attempt.retries() + 1));
    }
  }

  private record Attempt(List<DynamodbEvent.DynamodbStreamRecord> records, int retries) {}

  private StreamsEventResponse invoke(List<DynamodbEvent.DynamodbStreamRecord> records) throws Exception {
    synchronized (this) {
      invocations++;
    }
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(new ArrayList<>(records));
    return target.invoke(event);
  }

  /** The index of the first record reported failed, or -1; an unknown or empty id fails the whole batch. */
  private static int firstFailure(List<DynamodbEvent.DynamodbStreamRecord> records, StreamsEventResponse response) {
    if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
      return -1;
    }
    int first = records.size();
    for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
      int index = -1;
      for (int i = 0; i < records.size(); i++) {
        if (records.get(i).getDynamodb().getSequenceNumber().equals(failure.getItemIdentifier())) {
          index = i;
          break;
        }
      }
      first = Math.min(first, index < 0 ? 0 : index);
    }
    return first;
  }

  private static void backoff(int retries) throws InterruptedException {
    Thread.sleep(Math.min(1_000, 50L << Math.min(retries, 5)));
  }

  /** Every shard was drained by a round that started at {@code roundStarted}. */
  private void caughtUp(Instant roundStarted) throws StorageUnavailable {
    Instant now = clock.instant();
    if (progressWritten == null || delivered != deliveredAtProgress
        || !now.isBefore(progressWritten.plus(settings.idleProgress()))) {
      progress.progress(PROGRESS_SHARD, roundStarted, now);
      progressWritten = now;
      deliveredAtProgress = delivered;
    }
    synchronized (this) {
      caughtUpThrough = roundStarted;
      notifyAll();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      notifyAll();
    }
    streams.close();
  }
}
