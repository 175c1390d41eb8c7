package com.partnercredit.testsupport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's write limit per partition, for {@link FaultInjector#throttlePartitions}: every partition
 * key gets a bucket of write units that fills at {@code unitsPerSecond} up to {@code burstUnits}
 * (DynamoDB: about 1,000 write units a second per partition, one unit per KB of item). A write
 * whose partition's bucket is short is throttled: a BatchWriteItem returns it among its
 * {@code UnprocessedItems}, or fails with {@code ProvisionedThroughputExceededException} when none
 * of its items can be written; a PutItem, DeleteItem or UpdateItem fails so.
 *
 * <p>Time comes from {@code nanoClock}: {@link System#nanoTime} for a benchmark, or a clock the test
 * moves itself, so that what is throttled is a count that does not depend on how fast the machine is.
 * Reads are not limited (DynamoDB gives a partition 3,000 read units a second, and nothing read
 * here comes near). Thread-safe.
 */
public final class PartitionThrottle {
  private final double unitsPerSecond;
  private final double burstUnits;
  private final LongSupplier nanoClock;
  private final ToLongFunction<Map<String, AttributeValue>> unitsOfItem;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, Long> consumed = new ConcurrentHashMap<>();
  private final AtomicInteger throttledWrites = new AtomicInteger();

  private final class Bucket {
    double units = burstUnits;
    long at = nanoClock.getAsLong();

    synchronized boolean take(long want) {
      long now = nanoClock.getAsLong();
      units = Math.min(burstUnits, units + (now - at) / 1e9 * unitsPerSecond);
      at = now;
      if (units < want) {
        return false;
      }
      units -= want;
      return true;
    }
  }

  /**
   * @param unitsPerSecond write units a partition accepts a second
   * @param burstUnits the most a partition accepts at once (its bucket's size; it starts full)
   * @param nanoClock the time, in nanoseconds
   * @param unitsOfItem the write units of putting one item (1 per KB, rounded up, on DynamoDB)
   */
  public PartitionThrottle(double unitsPerSecond, double burstUnits, LongSupplier nanoClock,
      ToLongFunction<Map<String, AttributeValue>> unitsOfItem) {
    this.unitsPerSecond = unitsPerSecond;
    this.burstUnits = burstUnits;
    this.nanoClock = nanoClock;
    this.unitsOfItem = unitsOfItem;
  }

  /** Whether putting {@code item} into {@code partition} goes through now; takes its units if so. */
  boolean admit(String partition, Map<String, AttributeValue> item) {
    long units = Math.max(1, unitsOfItem.applyAsLong(item));
    if (!buckets.computeIfAbsent(partition, p -> new Bucket()).take(units)) {
      throttledWrites.incrementAndGet();
      return false;
    }
    consumed.merge(partition, units, Long::sum);
    return true;
  }

  /** Write units consumed so far in {@code partition} (writes that went through). */
  public long consumed(String partition) {
    return consumed.getOrDefault(partition, 0L);
  }

  /** Write units consumed so far, by partition key, sorted. */
  public Map<String, Long> consumed() {
    return new TreeMap<>(consumed);
  }

  /** Writes throttled so far (an item of a BatchWriteItem, or a single-item write). */
  public int throttledWrites() {
    return throttledWrites.get();
  }
}
