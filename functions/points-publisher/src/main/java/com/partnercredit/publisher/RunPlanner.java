package com.partnercredit.publisher;

import com.partnercredit.domain.Fact;
import com.partnercredit.log.Log;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ParallelReads;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;

/**
 * The run's first step (the state machine's {@code Plan}): reads every partner's partition once and
 * stores the run's partner directory ({@link RunDirectory}), lists every client through gsi2 and cuts
 * each partition into shards of at most {@value ShardPlanner#CLIENTS_PER_SHARD} clients
 * ({@link ShardPlanner}), and picks the partner buckets. It holds one group of partners and the shards'
 * bounds, never every client or every partner's facts.
 *
 * <p>DynamoDB: one Query per partner partition ({@value #PARTNER_GROUP} in flight), one per gsi2 page
 * (the 8 partner partitions, then the 8 client partitions, in parallel), and one BatchWriteItem per
 * ten directory parts of up to 300 KB, plus the head.
 */
public final class RunPlanner {
  /** Partners read per round of parallel Queries (and added to the directory before the next round). */
  static final int PARTNER_GROUP = 64;

  private final FactStore store;
  private final PartitionMentions mentions;
  private final RunDirectory directory;
  private final ShardPlanner planner;

  @Inject
  public RunPlanner(FactStore store, PartitionMentions mentions, RunDirectory directory) {
    this(store, mentions, directory, ShardPlanner.standard());
  }

  RunPlanner(FactStore store, PartitionMentions mentions, RunDirectory directory, ShardPlanner planner) {
    this.store = store;
    this.mentions = mentions;
    this.directory = directory;
    this.planner = planner;
  }

  public RunPlan plan(Instant asOf) throws StorageUnavailable {
    RunDirectory.Writer writer = directory.writer(asOf);
    List<Long> partners = new ArrayList<>();
    ParallelReads.each(partitions(), this::partnersIn).forEach(partners::addAll);
    partners.sort(null);
    for (int from = 0; from < partners.size(); from += PARTNER_GROUP) {
      List<Long> group = partners.subList(from, Math.min(from + PARTNER_GROUP, partners.size()));
      for (ParallelReads.Outcome<Long, List<Fact>> read : ParallelReads.outcomes(group, store::partnerFacts)) {
        if (read.ok()) {
          writer.add(read.input(), read.value());
        } else {
          String reason = "its facts could not be read: " + read.bad();
          Log.error("publisher: partner " + read.input() + " not published as of " + asOf + ": " + reason);
          writer.fail(read.input(), reason, mentions.of(Keys.partner(read.input())).emails());
        }
      }
    }
    List<List<ClientShard>> byPartition = ParallelReads.each(partitions(), this::cut);
    int clients = byPartition.stream().flatMap(List::stream).mapToInt(ClientShard::clients).sum();
    List<ClientShard> shards = ShardPlanner.number(byPartition);
    RunPlan plan = RunPlan.of(asOf, shards, planner.buckets(partners.size()), partners.size(), clients);
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

  private List<ClientShard> cut(int partition) throws StorageUnavailable {
    List<ClientShard> shards = new ArrayList<>();
    ShardPlanner.Cutter cutter = planner.cutter(partition, shards);
    store.forEachClientInShard(partition, null, null, cutter::accept);
    cutter.finish();
    return shards;
  }
}
