package com.partnercredit.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent reads run together: up to {@value #IN_FLIGHT} requests in flight, so that the reads of
 * one breakdown (or of one group of a publication's partitions) take a few rounds of DynamoDB's
 * latency rather than one per request. The caller's thread waits; the reads never wait for each
 * other, so a read cannot starve behind another.
 *
 * <p>{@value #IN_FLIGHT} is what keeps a 1,000-client breakdown (about 4,100 requests: one per client,
 * one per employee user, one per 100 user emails) within 60 rounds in sequence, with room for the few
 * rounds that wait on the one before (docs/benchmarks.md).
 */
public final class ParallelReads {
  static final int IN_FLIGHT = 128;

  private ParallelReads() {}

  /** One read. */
  @FunctionalInterface
  public interface Read<T> {
    T read() throws StorageUnavailable;
  }

  /** One read per input. */
  @FunctionalInterface
  public interface ReadOf<I, T> {
    T read(I input) throws StorageUnavailable;
  }

  /** {@code read} of every input, together; the results in the order of {@code inputs}. */
  public static <I, T> List<T> each(Collection<I> inputs, ReadOf<I, T> read) throws StorageUnavailable {
    List<Read<T>> reads = new ArrayList<>(inputs.size());
    for (I input : inputs) {
      reads.add(() -> read.read(input));
    }
    return all(reads);
  }

  /** What the read of one input gave: its value, or the runtime exception its bad data raised. */
  public record Outcome<I, T>(I input, T value, RuntimeException bad) {
    public boolean ok() {
      return bad == null;
    }
  }

  /**
   * {@code read} of every input, together, each ending in its own {@link Outcome}: a read that fails
   * on bad data (a runtime exception) fails only its input, so that the publisher can leave out the
   * partners it touches; storage being unavailable (or an interruption) still fails the whole.
   */
  public static <I, T> List<Outcome<I, T>> outcomes(Collection<I> inputs, ReadOf<I, T> read) throws StorageUnavailable {
    return each(inputs, input -> {
      try {
        return new Outcome<>(input, read.read(input), null);
      } catch (RuntimeException bad) {
        return new Outcome<>(input, null, bad);
      }
    });
  }

  /**
   * Runs every read together and returns their results in order. A failed read fails the whole (the
   * others are cancelled); so does an interruption (a route's budget running out).
   */
  public static <T> List<T> all(List<? extends Read<T>> reads) throws StorageUnavailable {
    List<T> results = new ArrayList<>(reads.size());
    if (reads.size() <= 1) {
      for (Read<T> read : reads) {
        results.add(read.read());
      }
      return results;
    }
    List<Future<T>> pending = new ArrayList<>(reads.size());
    for (Read<T> read : reads) {
      pending.add(Pool.EXECUTOR.submit(read::read));
    }
    try {
      for (Future<T> future : pending) {
        results.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.forEach(f -> f.cancel(true));
      throw new StorageUnavailable("interrupted while reading", e);
    } catch (ExecutionException e) {
      pending.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof StorageUnavailable unavailable) {
        throw unavailable;
      }
      throw new StorageUnavailable("a read failed", e.getCause());
    }
    return results;
  }

  /** Daemon threads, started on first use (not at init, not per request), shared by every read. */
  private static final class Pool {
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(IN_FLIGHT, runnable -> {
      Thread thread = new Thread(runnable, "fact-store-read");
      thread.setDaemon(true);
      return thread;
    });
  }
}
