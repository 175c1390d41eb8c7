package com.partnercredit.tier;

import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Rebuilds the read model from the stored facts (docs/operations.md, "Rebuilding the read model"):
 * every client of every gsi2 shard, in the index's order, recomputed by {@link ReadModelUpdate#recompute};
 * then every partner's standing, shard by shard ({@link ReadModelUpdate#recomputeStanding}).
 * Idempotent: an unchanged item is not written, and a recompute never overwrites one that started
 * later (the stream's consumer may run meanwhile). Resumable: it reports where to start again
 * ({@link Resume}), and a run from there does the rest.
 *
 * <p>At the end of a whole rebuild (the first shard's first client through the last shard's last,
 * in one run or resumed runs) it records the read model's progress through the instant the
 * rebuild started: each client was recomputed after that instant, from the facts stored by then.
 */
public final class ReadModelRebuild {
  /** The progress the stream's consumer records ({@link ReadModelHandler}); used when none is recorded yet. */
  static final String STREAM_PROGRESS = "stream";

  private final FactStore facts;
  private final ReadModelUpdate update;
  private final ReadModelStore store;
  private final Clock clock;

  public ReadModelRebuild(FactStore facts, ReadModelUpdate update, ReadModelStore store, Clock clock) {
    this.facts = facts;
    this.update = update;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Where a run starts: shard {@code shard} from client {@code client} (null: the shard's first),
   * and when the whole rebuild started ({@code started}; null for a new rebuild, which starts now).
   * With {@code standings}, the clients are done: the standings of the partners from that shard on.
   */
  public record Resume(int shard, Long client, Instant started, boolean standings) {
    public static Resume beginning() {
      return new Resume(0, null, null);
    }

    public Resume(int shard, Long client, Instant started) {
      this(shard, client, started, false);
    }

    public Resume {
      if (shard < 0 || shard >= Keys.ENTITY_SHARDS) {
        throw new IllegalArgumentException("the shard is 0 to " + (Keys.ENTITY_SHARDS - 1) + ", not " + shard);
      }
      if (standings && client != null) {
        throw new IllegalArgumentException("the standings resume at a shard, not a client");
      }
    }

    /** The command line options that start a run here. */
    public String options() {
      return "--from-shard " + shard + (client == null ? "" : " --from-client " + client)
          + (started == null ? "" : " --started " + started) + (standings ? " --standings" : "");
    }
  }

  /**
   * What a run did: clients recomputed (or, in a dry run, listed), items written (clients' and
   * standings), standings recomputed, where it started and when the whole rebuild started;
   * {@code progressThrough} is the progress recorded, null when none was (a dry run, or a resumed run
   * that was not told when the rebuild started).
   */
  public record Result(long clients, long written, long standings, Resume from, Instant started,
      Instant progressThrough) {}

  /** As {@link #run(Resume, boolean, int, int, Consumer)}, one client at a time. */
  public Result run(Resume from, boolean dryRun, int every, Consumer<String> out) throws StorageUnavailable {
    return run(from, dryRun, every, 1, out);
  }

  /**
   * Runs from {@code from} to the end, {@code parallel} clients at a time, telling {@code out} each
   * shard's start and end and, about every {@code every} clients, where to resume: the first client of
   * the next group, every client before it being done. A client that cannot be recomputed stops the
   * run ({@link StorageUnavailable}) once its group is over, after {@code out} has been told where
   * to resume: that group's first client.
   */
  public Result run(Resume from, boolean dryRun, int every, int parallel, Consumer<String> out)
      throws StorageUnavailable {
    if (parallel < 1 || every < 1) {
      throw new IllegalArgumentException("parallel and every are at least 1");
    }
    Instant now = clock.instant();
    Instant started = from.started() == null ? now : from.started();
    long clients = 0;
    long written = 0;
    ExecutorService pool = parallel == 1 ? null : Executors.newFixedThreadPool(parallel, task -> {
      Thread thread = new Thread(task, "rebuild");
      thread.setDaemon(true);
      return thread;
    });
    long standings = 0;
    try {
      for (int shard = from.standings() ? Keys.ENTITY_SHARDS : from.shard(); shard < Keys.ENTITY_SHARDS; shard++) {
        List<Long> ids = new ArrayList<>();
        facts.forEachClientInShard(shard, shard == from.shard() ? from.client() : null, null, ids::add);
        out.accept("shard " + shard + ": " + ids.size() + " clients" + (dryRun ? " (dry run: not recomputed)" : ""));
        if (dryRun) {
          clients += ids.size();
          continue;
        }
        int sinceLine = 0;
        for (int i = 0; i < ids.size(); i += parallel) {
          List<Long> group = ids.subList(i, Math.min(i + parallel, ids.size()));
          Resume here = new Resume(shard, group.get(0), started);
          if (sinceLine >= every) {
            out.accept("resume with " + here.options() + "  (" + clients + " clients, " + written + " items written)");
            sinceLine = 0;
          }
          try {
            written += recompute(group, pool);
          } catch (StorageUnavailable | RuntimeException e) {
            out.accept("stopped in the clients from " + group.get(0) + ": " + e.getMessage()
                + "; resume with " + here.options());
            throw e;
          }
          clients += group.size();
          sinceLine += group.size();
        }
        out.accept("shard " + shard + " done; resume with " + (shard + 1 < Keys.ENTITY_SHARDS
            ? new Resume(shard + 1, null, started) : new Resume(0, null, started, true)).options());
      }
      for (int shard = from.standings() ? from.shard() : 0; shard < Keys.ENTITY_SHARDS && !dryRun; shard++) {
        List<Long> partners = new ArrayList<>();
        facts.forEachPartnerInShard(shard, partners::add);
        Resume here = new Resume(shard, null, started, true);
        try {
          for (int i = 0; i < partners.size(); i += parallel) {
            written += run(partners.subList(i, Math.min(i + parallel, partners.size())), update::recomputeStanding, pool);
          }
        } catch (StorageUnavailable | RuntimeException e) {
          out.accept("stopped in the standings of shard " + shard + ": " + e.getMessage() + "; resume with "
              + here.options());
          throw e;
        }
        standings += partners.size();
        out.accept("standings of shard " + shard + ": " + partners.size() + " partners; done"
            + (shard + 1 < Keys.ENTITY_SHARDS ? "; resume with " + new Resume(shard + 1, null, started, true).options()
            : ""));
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    Instant through = null;
    if (!dryRun && (from.started() != null || (from.shard() == 0 && from.client() == null))) {
      through = started;
      recordProgress(through);
    }
    out.accept((dryRun ? "dry run: " + clients + " clients would be recomputed"
        : clients + " clients and " + standings + " standings recomputed, " + written + " items written")
        + (through == null ? (dryRun ? "" : "; progress not recorded (resumed without --started)")
        : "; read model progress recorded through " + through));
    return new Result(clients, written, standings, from, started, through);
  }

  /** Recomputes {@code group}, on {@code pool} when there is one; the items written. */
  private int recompute(List<Long> group, ExecutorService pool) throws StorageUnavailable {
    return run(group, update::recompute, pool);
  }

  /** One recompute per id. */
  @FunctionalInterface
  private interface Recompute {
    int of(long id) throws StorageUnavailable;
  }

  /** {@code recompute} of each of {@code group}, on {@code pool} when there is one; the items written. */
  private static int run(List<Long> group, Recompute recompute, ExecutorService pool) throws StorageUnavailable {
    if (pool == null) {
      int written = 0;
      for (long id : group) {
        written += recompute.of(id);
      }
      return written;
    }
    List<Future<Integer>> results = new ArrayList<>();
    for (long id : group) {
      results.add(pool.submit(() -> recompute.of(id)));
    }
    int written = 0;
    Exception failed = null;
    for (Future<Integer> result : results) { // every one waited for: none is left running when this returns
      try {
        written += result.get();
      } catch (ExecutionException e) {
        failed = failed == null && e.getCause() instanceof Exception cause ? cause : failed;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed = failed == null ? new IllegalStateException("interrupted") : failed;
      }
    }
    if (failed instanceof StorageUnavailable unavailable) {
      throw unavailable;
    }
    if (failed != null) {
      throw failed instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed);
    }
    return written;
  }

  /**
   * Every fact stored before {@code through} is reflected: moves each recorded progress up to it (a
   * progress already further is kept), or records the stream's when there is none yet.
   */
  private void recordProgress(Instant through) throws StorageUnavailable {
    List<String> shards = store.progressShards();
    for (String shard : shards.isEmpty() ? List.of(STREAM_PROGRESS) : shards) {
      store.progress(shard, through, clock.instant());
    }
  }
}
