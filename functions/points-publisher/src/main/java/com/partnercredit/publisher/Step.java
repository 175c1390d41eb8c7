package com.partnercredit.publisher;

import com.partnercredit.log.Log;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every step of a publication does around its work (the state machine's tasks: plan, shard,
 * bucket): it answers the work's result with its duration ({@code millis}) and its DynamoDB requests
 * ({@code dynamoDbRequests}), which the run's last step adds up into the run's metrics
 * ({@link PublicationRun}), and writes them on one structured line ({@code "log": "step"}). When storage
 * or the bus fail past their retries, or the run's working items are missing ({@link RunIncomplete}),
 * it logs why and fails with an exception, which the state machine's {@code Retry} and {@code Catch}
 * handle ({@code States.TaskFailed}).
 */
final class Step {
  /** A step's work: its result, as JSON-friendly maps. */
  @FunctionalInterface
  interface Work {
    Map<String, Object> run() throws StorageUnavailable, EventsUnavailable, RunIncomplete;
  }

  private Step() {}

  static Map<String, Object> run(String step, Instant asOf, Work work) {
    long started = System.nanoTime();
    long callsBefore = DynamoDbCalls.INTERCEPTOR.count();
    Map<String, Object> result;
    try {
      result = new LinkedHashMap<>(work.run());
    } catch (StorageUnavailable | EventsUnavailable | RunIncomplete e) {
      Log.error("publisher: " + step + " of the run as of " + asOf + " not completed: " + e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
      throw new IllegalStateException(step + " of the run as of " + asOf + " not completed: " + e.getMessage(), e);
    }
    result.put("millis", (System.nanoTime() - started) / 1_000_000);
    result.put("dynamoDbRequests", DynamoDbCalls.INTERCEPTOR.count() - callsBefore);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("log", "step");
    line.put("step", step);
    line.put("asOf", asOf.toString());
    result.forEach((key, value) -> {
      if (!(value instanceof Iterable<?>)) { // counts, not the plan's shards and buckets
        line.putIfAbsent(key, value);
      }
    });
    Log.line(line);
    return result;
  }
}
