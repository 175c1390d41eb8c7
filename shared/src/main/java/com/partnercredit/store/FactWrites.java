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
   * What became of one write: stored, already there (a duplicate), or refused by DynamoDB for its
   * content ({@code refused} is the reason; never retried, the event's rejection).
   */
  public record Outcome(boolean stored, String refused) {
    public boolean isRefused() {
      return refused != null;
    }
  }

  /**
   * Records every write; returns, in the order of {@code writes}, what became of each. Throws when
   * any failed (the others are stored all the same).
   */
  public static List<Outcome> recordAll(FactStore store, List<Write> writes, Deadline deadline)
      throws StorageUnavailable {
    List<Outcome> stored = new ArrayList<>(writes.size());
    if (writes.size() <= 1) {
      for (Write write : writes) {
        stored.add(record(store, write, deadline));
      }
      return stored;
    }
    List<Future<Outcome>> puts = new ArrayList<>(writes.size());
    for (Write write : writes) {
      puts.add(Pool.EXECUTOR.submit(() -> record(store, write, deadline)));
    }
    StorageUnavailable failed = null;
    boolean interrupted = false;
    for (Future<Outcome> put : puts) {
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

  private static Outcome record(FactStore store, Write write, Deadline deadline) throws StorageUnavailable {
    try {
      return new Outcome(store.record(write.fact(), write.actor(), deadline), null);
    } catch (ItemRefused refused) {
      return new Outcome(false, refused.getMessage());
    }
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
