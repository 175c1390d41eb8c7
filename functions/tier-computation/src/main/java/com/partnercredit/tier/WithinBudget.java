package com.partnercredit.tier;

import com.partnercredit.store.StorageUnavailable;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a lookup for at most a budget: past it, the lookup is interrupted (its SDK calls abort) and
 * the caller gets {@link StorageUnavailable}, a 503 with {@code Retry-After}, instead of an answer
 * that comes after the client stopped waiting. The SDK's own per-call timeouts bound each read; this
 * bounds their sum (a breakdown reads many partitions, some of them throttled).
 */
final class WithinBudget {
  /** The breakdown's budget: it answers, or says 503, within 4 s of the request's arrival. */
  static final Duration BUDGET = Duration.ofMillis(3500);

  private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "points-lookup");
    thread.setDaemon(true);
    return thread;
  });

  @FunctionalInterface
  interface Lookup<T> {
    T get() throws StorageUnavailable;
  }

  private WithinBudget() {}

  static <T> T run(Duration budget, Lookup<T> lookup) throws StorageUnavailable {
    Callable<T> task = lookup::get;
    Future<T> future = EXECUTOR.submit(task);
    try {
      return future.get(budget.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StorageUnavailable("the lookup took longer than its budget of " + budget.toMillis() + " ms", null);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new StorageUnavailable("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StorageUnavailable unavailable) {
        throw unavailable;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
