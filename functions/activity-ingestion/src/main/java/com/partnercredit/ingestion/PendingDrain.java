package com.partnercredit.ingestion;

import com.partnercredit.log.Json;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.PendingWrites;
import com.partnercredit.store.StorageUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The drain of the pending writes (docs/operations.md, "A burst for one client"): started once a
 * minute by a schedule, it writes what webhook requests spilled ({@link PendingWrites}) where it
 * belongs, oldest first in each partition, at most {@link #ITEMS_PER_SECOND} items a second (half of
 * what DynamoDB writes into one partition, so that the client's own webhooks keep the other half),
 * then removes each pending item it finished, or rewrites it with only what it could not write yet.
 *
 * <p>Idempotent: the items are put exactly as the request would have put them, so a drain that stops
 * anywhere (its time, a crash, throttling) and runs again writes the same items again and nothing
 * else, and two drains at once write the same items twice, which changes nothing. A pending item is
 * removed only after every write it holds is confirmed.
 *
 * <p>Each run writes one measurement ({@code log} = {@code run}): {@code Drained} (items written),
 * {@code PendingDone} (pending items finished and removed), {@code PendingLeft} (pending items seen
 * and not finished: the run's time was up), {@code OldestPendingAge} (seconds since the oldest
 * pending item at the head of a partition was spilled; 0 when every partition is empty),
 * {@code Refused} (items DynamoDB refused for good, kept as dead letters instead), {@code RunFailed},
 * {@code Duration}, {@code DynamoDbRequests}.
 */
public final class PendingDrain {
  /** The function its metrics are published under. */
  public static final String FUNCTION = "activity-drain";
  /** A run's time: the schedule starts one a minute, and the function's timeout is 60 s. */
  static final Duration BUDGET = Duration.ofSeconds(45);
  /** Items written a second, at most: half of a partition's 1,000 write units. */
  static final int ITEMS_PER_SECOND = 500;
  /** Kept back at the end of a run to rewrite or remove the pending item it was draining. */
  static final Duration FINISH_RESERVE = Duration.ofSeconds(3);
  /** Items per BatchWriteItem. */
  private static final int SLICE = 25;

  /** What a run did (the counts of its measurement). */
  public record Report(int drained, int pendingDone, int pendingLeft, long oldestPendingSeconds, int refused) {
    /** The invocation's result. */
    public Map<String, Object> summary() {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("drained", drained);
      summary.put("pendingDone", pendingDone);
      summary.put("pendingLeft", pendingLeft);
      summary.put("oldestPendingSeconds", oldestPendingSeconds);
      summary.put("refused", refused);
      return summary;
    }
  }

  private final PendingWrites pending;
  private final BatchWriter writer;
  private final Metrics metrics;
  private final Clock clock;
  private final Duration budget;
  private final int itemsPerSecond;

  @Inject
  public PendingDrain(PendingWrites pending, BatchWriter writer, Metrics metrics, Clock clock) {
    this(pending, writer, metrics, clock, BUDGET, ITEMS_PER_SECOND);
  }

  /** With another time per run and pace (tests and benchmarks). */
  public PendingDrain(PendingWrites pending, BatchWriter writer, Metrics metrics, Clock clock, Duration budget,
      int itemsPerSecond) {
    this.pending = pending;
    this.writer = writer;
    this.metrics = metrics;
    this.clock = clock;
    this.budget = budget;
    this.itemsPerSecond = itemsPerSecond;
  }

  /**
   * One run: every partition of the pending writes, as far as its time goes. Throws when the pending
   * items cannot be read (the invocation fails; the next run starts again); a pending item that cannot
   * be shortened or removed stays as it was, and the run stops there.
   */
  public Report run(String requestId) throws StorageUnavailable {
    Measurement measurement = Measurement.run(FUNCTION).property("requestId", requestId);
    long callsBefore = DynamoDbCalls.INTERCEPTOR.count();
    Run run = new Run(Deadline.after(budget));
    try {
      run.all();
      measurement.count("RunFailed", 0).property("outcome", run.pendingLeft == 0 ? "ok" : "partial");
      return run.report();
    } catch (StorageUnavailable | RuntimeException e) {
      measurement.count("RunFailed", 1).property("outcome", "failed").property("error", e.getMessage());
      throw e;
    } finally {
      measurement.count("Drained", run.drained).count("PendingDone", run.pendingDone)
          .count("PendingLeft", run.pendingLeft).seconds("OldestPendingAge", run.oldestSeconds)
          .count("Refused", run.refused)
          .milliseconds("Duration", (System.nanoTime() - run.startedNanos) / 1_000_000)
          .count("DynamoDbRequests", DynamoDbCalls.INTERCEPTOR.count() - callsBefore);
      metrics.emit(measurement);
    }
  }

  /** One run's state. */
  private final class Run {
    final Deadline deadline;
    final Deadline writeBy;
    final long startedNanos = System.nanoTime();
    final Instant now = clock.instant();
    long paced;
    boolean stopped;
    int drained;
    int pendingDone;
    int pendingLeft;
    int refused;
    long oldestSeconds;

    Run(Deadline deadline) {
      this.deadline = deadline;
      this.writeBy = deadline.earlier(FINISH_RESERVE);
    }

    Report report() {
      return new Report(drained, pendingDone, pendingLeft, oldestSeconds, refused);
    }

    /**
     * The first page of every partition first (the oldest item of each, for the age), then each
     * partition to its end, starting at another partition each minute.
     */
    void all() throws StorageUnavailable {
      List<PendingWrites.Page> firstPages = new ArrayList<>();
      for (int shard = 0; shard < PendingWrites.SHARDS; shard++) {
        PendingWrites.Page page = pending.page(shard, null, deadline);
        firstPages.add(page);
        if (!page.items().isEmpty()) {
          long age = Duration.between(page.items().get(0).spilledAt(), now).getSeconds();
          oldestSeconds = Math.max(oldestSeconds, Math.max(0, age));
        }
      }
      int first = (int) Math.floorMod(clock.millis() / 60_000, (long) PendingWrites.SHARDS);
      for (int i = 0; i < PendingWrites.SHARDS; i++) {
        int shard = (first + i) % PendingWrites.SHARDS;
        PendingWrites.Page page = firstPages.get(shard);
        while (true) {
          for (PendingWrites.Pending item : page.items()) {
            drain(item);
          }
          if (page.next() == null || stopped) {
            break;
          }
          page = pending.page(shard, page.next(), deadline);
        }
      }
    }

    /** Writes one pending item's writes, paced, then removes it, or keeps only what is left. */
    void drain(PendingWrites.Pending item) {
      if (stopped) {
        pendingLeft++;
        return;
      }
      List<Map<String, AttributeValue>> writes = item.writes();
      List<Map<String, AttributeValue>> left = new ArrayList<>();
      List<BatchWriter.Refused> refusedHere = new ArrayList<>();
      for (int from = 0; from < writes.size(); from += SLICE) {
        List<Map<String, AttributeValue>> slice = writes.subList(from, Math.min(from + SLICE, writes.size()));
        if (stopped || !pace(slice.size())) {
          stopped = true;
          left.addAll(slice);
          continue;
        }
        BatchWriter.Written written = writer.write(slice, writeBy);
        refusedHere.addAll(written.refused());
        drained += slice.size() - written.unwritten().size() - written.refused().size();
        if (!written.unwritten().isEmpty()) {
          stopped = true;
          left.addAll(written.unwritten());
          Log.warn("drain: stopping at " + item.pk() + " " + item.sk() + ": " + written.failure().getMessage());
        }
      }
      if (!keepAsDeadLetters(refusedHere)) {
        refusedHere.forEach(r -> left.add(r.item())); // kept here until their dead letters are written
      }
      try {
        if (left.isEmpty()) {
          pending.remove(item, deadline);
          pendingDone++;
          return;
        }
        if (left.size() < writes.size()) {
          pending.keepOnly(item, left, deadline);
        }
      } catch (StorageUnavailable e) {
        stopped = true; // left as it was: the next run writes its items again, which changes nothing
        Log.warn("drain: could not " + (left.isEmpty() ? "remove " : "shorten ") + item.pk() + " " + item.sk()
            + ": " + e.getMessage());
      }
      pendingLeft++;
    }

    /**
     * Waits until writing {@code items} more keeps the run within its pace; false when that would
     * pass the time to stop writing.
     */
    boolean pace(int items) {
      long due = startedNanos + paced * 1_000_000_000L / itemsPerSecond;
      long wait = (due - System.nanoTime()) / 1_000_000;
      if (writeBy.expired() || wait > writeBy.remaining().toMillis()) {
        return false;
      }
      if (wait > 0) {
        try {
          deadline.pause(wait);
        } catch (StorageUnavailable interrupted) {
          return false;
        }
      }
      paced += items;
      return true;
    }

    /**
     * An item DynamoDB refuses for good would be refused on every run: it becomes a dead letter. False
     * when the dead letters could not be written (the items then stay pending).
     */
    boolean keepAsDeadLetters(List<BatchWriter.Refused> refusedHere) {
      if (refusedHere.isEmpty()) {
        return true;
      }
      List<Map<String, AttributeValue>> letters = new ArrayList<>();
      for (BatchWriter.Refused r : refusedHere) {
        letters.add(DeadLetters.item(ActivityIngestion.ROUTE, raw(r.item()), r.reason(), clock.instant()));
      }
      try {
        for (BatchWriter.Refused lost : writer.putAllExceptRefused(letters, deadline)) {
          Log.error("drain: a dead letter was refused by DynamoDB and is lost: " + lost.reason());
        }
      } catch (StorageUnavailable e) {
        stopped = true;
        Log.warn("drain: the dead letters of refused writes could not be written: " + e.getMessage());
        return false;
      }
      refusedHere.forEach(r -> Log.error("drain: DynamoDB refused a pending write, kept as a dead letter: " + r.reason()));
      refused += refusedHere.size();
      return true;
    }
  }

  /** The item as JSON (its attributes' values as text): what its dead letter keeps. */
  private static String raw(Map<String, AttributeValue> item) {
    Map<String, Object> fields = new LinkedHashMap<>();
    item.forEach((name, value) -> fields.put(name, value.s() != null ? value.s() : value.n() != null ? value.n()
        : value.toString()));
    return Json.line(fields);
  }
}
