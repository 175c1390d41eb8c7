package com.partnercredit.store;

import com.partnercredit.domain.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent facts recorded together: one conditional PutItem each ({@link FactStore#record},
 * so a replayed {@code eventId} is still a duplicate that changes nothing), up to
 * {@value #IN_FLIGHT} in flight instead of one after another, all under one {@link Deadline}.
 *
 * <p>Every put runs to its end (stored, duplicate, or failed at the deadline) before this returns or
 * throws, so nothing is left writing behind an answer; what was stored stays stored.
 */
public final class FactWrites {
  static final int IN_FLIGHT = 8;

  private FactWrites() {}

  /** A fact to record, and who sent it (kept for audit; may be null). */
  public record Write(Fact fact, String actor) {}

  /**
   * Records every write; returns, in the order of {@code writes}, true for each stored and false for
   * each that was already there. Throws when any failed (the others are stored all the same).
   */
  public static List<Boolean> recordAll(FactStore store, List<Write> writes, Deadline deadline)
      throws StorageUnavailable {
    List<Boolean> stored = new ArrayList<>(writes.size());
    if (writes.size() <= 1) {
      for (Write write : writes) {
        stored.add(store.record(write.fact(), write.actor(), deadline));
      }
      return stored;
    }
    List<Future<Boolean>> puts = new ArrayList<>(writes.size());
    for (Write write : writes) {
      puts.add(Pool.EXECUTOR.submit(() -> store.record(write.fact(), write.actor(), deadline)));
    }
    StorageUnavailable failed = null;
    boolean interrupted = false;
    for (Future<Boolean> put : puts) {
      try {
        stored.add(put.get());
      } catch (InterruptedException e) {
        interrupted = true;
        failed = new StorageUnavailable("interrupted while storing facts", e);
        break;
      } catch (ExecutionException e) {
        if (failed == null) {
          failed = e.getCause() instanceof StorageUnavailable unavailable
              ? unavailable
              : new StorageUnavailable("storing facts failed", e.getCause());
        }
        stored.add(null);
      }
    }
    if (interrupted) {
      puts.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
    }
    if (failed != null) {
      throw failed;
    }
    return stored;
  }

  /** Daemon threads for the puts, started on first use (not at init, not per request). */
  private static final class Pool {
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(IN_FLIGHT, runnable -> {
      Thread thread = new Thread(runnable, "fact-writes");
      thread.setDaemon(true);
      return thread;
    });
  }
}
