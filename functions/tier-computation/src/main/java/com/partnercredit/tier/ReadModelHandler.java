package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.store.Attr;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;

/**
 * The read model's function, fed by the table's stream through an event source mapping (template:
 * {@code ReadModelFunction}): each batch recomputes every client it touches once
 * ({@link ReadModelUpdate}). A record whose client could not be recomputed is reported as the batch's
 * first failure, so Lambda retries from it (recomputes are idempotent); when all succeed, the read
 * model records how far it has caught up ({@code changesUntil}).
 *
 * <p>Its SnapStart hook primes a batch before the snapshot ({@link ReadModelPriming}).
 */
public final class ReadModelHandler
    extends SnapStartHook implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
  static final String FUNCTION = "read-model";

  private final ReadModelUpdate update;
  private final ReadModelStore store;
  private final Clock clock;
  private final Metrics metrics;
  private final ReadModelPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public ReadModelHandler() {
    this(DaggerReadModelComponent.create().handler());
    register();
  }

  private ReadModelHandler(ReadModelHandler built) {
    this(built.update, built.store, built.clock, built.metrics, built.priming);
  }

  ReadModelHandler(ReadModelUpdate update, ReadModelStore store, Clock clock, Metrics metrics) {
    this(update, store, clock, metrics, null);
  }

  @Inject
  ReadModelHandler(ReadModelUpdate update, ReadModelStore store, Clock clock, Metrics metrics,
      ReadModelPriming priming) {
    this.update = update;
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
    this.priming = priming;
  }

  @Override
  protected Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.prime(this);
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
    Measurement measurement = Measurement.run(FUNCTION)
        .property("requestId", context == null ? null : context.getAwsRequestId());
    long callsBefore = DynamoDbCalls.INTERCEPTOR.count();
    long started = System.nanoTime();
    List<ReadModelUpdate.Change> changes = new ArrayList<>(records.size());
    long oldest = Long.MAX_VALUE;
    long newest = Long.MIN_VALUE;
    for (DynamodbEvent.DynamodbStreamRecord record : records) {
      changes.add(change(record));
      long created = created(record);
      oldest = Math.min(oldest, created);
      newest = Math.max(newest, created);
    }
    ReadModelUpdate.Result result = update.apply(changes);
    List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
    if (!result.failed().isEmpty()) {
      Set<ReadModelUpdate.Change> failed = new HashSet<>(result.failed());
      for (int i = 0; i < records.size(); i++) {
        if (failed.contains(changes.get(i))) {
          // Lambda retries the batch from the first failure reported: one is enough
          failures.add(new StreamsEventResponse.BatchItemFailure(records.get(i).getDynamodb().getSequenceNumber()));
          break;
        }
      }
      Log.error("read model: " + result.failed().size() + " of " + records.size()
          + " records' clients not recomputed; retrying from the first");
    } else if (!records.isEmpty()) {
      try {
        store.progress("stream", Instant.ofEpochMilli(newest), clock.instant());
      } catch (StorageUnavailable e) {
        Log.error("read model: progress not recorded: " + e.getMessage());
      }
    }
    measurement.count("Records", records.size())
        .count("ClientsRecomputed", result.clients())
        .count("ItemsWritten", result.written() + result.standingsWritten())
        .count("Failed", result.failed().size())
        .milliseconds("Lag", records.isEmpty() ? 0 : Math.max(0, clock.millis() - oldest))
        .milliseconds("Duration", (System.nanoTime() - started) / 1_000_000)
        .count("DynamoDbRequests", DynamoDbCalls.INTERCEPTOR.count() - callsBefore);
    metrics.emit(measurement);
    return new StreamsEventResponse(failures);
  }

  static ReadModelUpdate.Change change(DynamodbEvent.DynamodbStreamRecord record) {
    Map<String, AttributeValue> keys = record.getDynamodb().getKeys();
    return new ReadModelUpdate.Change(keys.get(Attr.PK).getS(), keys.get(Attr.SK).getS());
  }

  /** When the record was written (DynamoDB gives whole seconds, rounded down). */
  static long created(DynamodbEvent.DynamodbStreamRecord record) {
    StreamRecord stream = record.getDynamodb();
    return stream.getApproximateCreationDateTime() == null ? 0 : stream.getApproximateCreationDateTime().getTime();
  }
}
