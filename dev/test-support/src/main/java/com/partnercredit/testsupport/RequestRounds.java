package com.partnercredit.testsupport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How many DynamoDB calls were in sequence: each call's interval, from the SDK's
 * {@code beforeExecution} to its {@code afterExecution} (or failure), and from them the
 * {@linkplain #rounds() rounds}. Added like {@link RequestCounter}, with
 * {@code overrideConfiguration(c -> c.addExecutionInterceptor(rounds))}. Thread-safe.
 *
 * <p>A round is a set of calls in flight together. {@link #rounds()} is the length of the longest
 * chain of calls each started after the previous one ended: the calls that had to wait for one
 * another, whether because a read needed the answer of the one before or because it queued for a
 * free thread. With every call taking the same time L, a run takes about {@code rounds() * L}, which
 * is the latency model of the benchmarks. It is a count derived from the order of events, never a
 * time asserted.
 */
public final class RequestRounds implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("rounds.started");

  private final List<long[]> intervals = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    ended(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    ended(attributes);
  }

  private void ended(ExecutionAttributes attributes) {
    long end = System.nanoTime();
    Long start = attributes.getAttribute(STARTED);
    inFlight.decrementAndGet();
    synchronized (intervals) {
      intervals.add(new long[] {start == null ? end : start, end});
    }
  }

  /**
   * The longest chain of calls, each started after the previous one ended (the most calls that
   * never overlap: earliest end first, greedily).
   */
  public int rounds() {
    List<long[]> sorted;
    synchronized (intervals) {
      sorted = new ArrayList<>(intervals);
    }
    sorted.sort(Comparator.comparingLong(i -> i[1]));
    int rounds = 0;
    long lastEnd = Long.MIN_VALUE;
    for (long[] interval : sorted) {
      if (rounds == 0 || interval[0] >= lastEnd) {
        rounds++;
        lastEnd = interval[1];
      }
    }
    return rounds;
  }

  /** The most calls in flight at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** How many calls ended. */
  public int calls() {
    synchronized (intervals) {
      return intervals.size();
    }
  }

  public void clear() {
    synchronized (intervals) {
      intervals.clear();
    }
    maxInFlight.set(inFlight.get());
  }

  @Override
  public String toString() {
    return rounds() + " rounds of " + calls() + " calls, at most " + maxInFlight() + " in flight";
  }
}
