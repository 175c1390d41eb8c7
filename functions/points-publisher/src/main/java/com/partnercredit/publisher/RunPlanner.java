package com.partnercredit.publisher;

import com.partnercredit.domain.Fact;
import com.partnercredit.log.Log;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ParallelReads;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;

/**
 * The run's first step (the state machine's {@code Plan}): checks that the read model has recorded
 * progress (the shard workers evaluate every partner from it: {@link ShardWorker}), reads every
 * partner's partition once and stores the run's partner directory ({@link RunDirectory}), cuts each
 * gsi2 partner partition into shards of at most {@value ShardPlanner#PARTNERS_PER_SHARD} partners
 * ({@link ShardPlanner}), and picks the partner buckets. It holds the partners' ids, one group of
 * partners' facts and the shards' bounds, never every partner's facts; it reads no client.
 *
 * <p>A read model that has recorded no progress (never built, or its function never ran) fails the
 * run ({@link RunIncomplete}): publishing from it would publish no managed points.
 *
 * <p>DynamoDB: the read model's progress (one Query), one Query per gsi2 page of the 8 partner
 * partitions (in parallel), one per partner partition ({@value #PARTNER_GROUP} in flight), and one
 * BatchWriteItem per ten directory parts of up to 300 KB, plus the head.
 */
public final class RunPlanner {
  /** Partners read per round of parallel Queries (and added to the directory before the next round). */
  static final int PARTNER_GROUP = 64;

  private final FactStore store;
  private final ReadModelStore readModel;
  private final RunDirectory directory;
  private final ShardPlanner planner;

  @Inject
  public RunPlanner(FactStore store, ReadModelStore readModel, RunDirectory directory) {
    this(store, readModel, directory, ShardPlanner.standard());
  }

  RunPlanner(FactStore store, ReadModelStore readModel, RunDirectory directory, ShardPlanner planner) {
    this.store = store;
    this.readModel = readModel;
    this.directory = directory;
    this.planner = planner;
  }

  public RunPlan plan(Instant asOf) throws StorageUnavailable, RunIncomplete {
    Instant changesUntil = readModel.changesUntil().orElseThrow(() -> new RunIncomplete("the read model has"
        + " recorded no progress through the table's stream: build it from the facts before publishing"));
    if (changesUntil.isBefore(asOf)) {
      Log.warn("publisher: the read model reflects the facts answered before " + changesUntil + ", "
          + Duration.between(changesUntil, asOf).toMillis() + " ms before the run's time " + asOf);
    }
    return plan(asOf, changesUntil);
  }

  /** The plan, once the read model's progress is known (priming plans without it). */
  RunPlan plan(Instant asOf, Instant changesUntil) throws StorageUnavailable {
    RunDirectory.Writer writer = directory.writer(asOf);
    List<List<Long>> byPartition = ParallelReads.each(partitions(), this::partnersIn);
    List<Long> partners = new ArrayList<>();
    byPartition.forEach(partners::addAll);
    partners.sort(null);
    for (int from = 0; from < partners.size(); from += PARTNER_GROUP) {
      List<Long> group = partners.subList(from, Math.min(from + PARTNER_GROUP, partners.size()));
      for (ParallelReads.Outcome<Long, List<Fact>> read : ParallelReads.outcomes(group, store::partnerFacts)) {
        if (read.ok()) {
          writer.add(read.input(), read.value());
        } else {
          String reason = "its facts could not be read: " + read.bad();
          Log.error("publisher: partner " + read.input() + " not published as of " + asOf + ": " + reason);
          writer.fail(read.input(), reason);
        }
      }
    }
    List<List<PartnerShard>> cut = new ArrayList<>(byPartition.size());
    for (int partition = 0; partition < byPartition.size(); partition++) {
      cut.add(cut(partition, byPartition.get(partition)));
    }
    List<PartnerShard> shards = ShardPlanner.number(cut);
    RunPlan plan = RunPlan.of(asOf, shards, planner.buckets(partners.size()), partners.size(), changesUntil);
    writer.close(plan.plan());
    return plan;
  }

  private static List<Integer> partitions() {
    List<Integer> partitions = new ArrayList<>(Keys.ENTITY_SHARDS);
    for (int p = 0; p < Keys.ENTITY_SHARDS; p++) {
      partitions.add(p);
    }
    return partitions;
  }

  private List<Long> partnersIn(int partition) throws StorageUnavailable {
    List<Long> ids = new ArrayList<>();
    store.forEachPartnerInShard(partition, ids::add);
    return ids;
  }

  private List<PartnerShard> cut(int partition, List<Long> partners) {
    List<PartnerShard> shards = new ArrayList<>();
    ShardPlanner.Cutter cutter = planner.cutter(partition, shards);
    partners.stream().sorted().forEach(cutter::accept);
    cutter.finish();
    return shards;
  }
}
