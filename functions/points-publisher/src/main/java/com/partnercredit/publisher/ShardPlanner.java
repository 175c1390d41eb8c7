package com.partnercredit.publisher;

import com.partnercredit.store.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run is cut (pure, no I/O): the partners of each gsi2 partner partition, in id order, into
 * ranges of at most {@code partnersPerShard} partners, each evaluated by one worker from the read
 * model; and the partners into buckets by {@code partnerId mod buckets}, where {@code buckets} is a
 * multiple of the gsi2 partner partitions, so that each bucket's partners are listed from one
 * partition.
 *
 * <p>A partition is cut as its ids arrive ({@link Cutter}): the plan keeps only the shards' bounds.
 */
final class ShardPlanner {
  /**
   * Partners per shard: one read-model Query each (a page per 1 MB of its clients),
   * {@value ShardWorker#PARTNER_GROUP} in flight (docs/benchmarks.md).
   */
  static final int PARTNERS_PER_SHARD = 500;
  /** Partners per bucket of the final step: two Queries each (its facts, its last snapshot). */
  static final int PARTNERS_PER_BUCKET = 500;

  private final int partnersPerShard;
  private final int partnersPerBucket;

  ShardPlanner(int partnersPerShard, int partnersPerBucket) {
    if (partnersPerShard < 1 || partnersPerBucket < 1) {
      throw new IllegalArgumentException("shards and buckets hold at least one partner");
    }
    this.partnersPerShard = partnersPerShard;
    this.partnersPerBucket = partnersPerBucket;
  }

  static ShardPlanner standard() {
    return new ShardPlanner(PARTNERS_PER_SHARD, PARTNERS_PER_BUCKET);
  }

  /** The gsi2 partner partition of a partner. */
  static int partitionOf(long partnerId) {
    return Keys.shardOf(partnerId);
  }

  /** Cuts one partition as its partner ids arrive, in ascending order. */
  final class Cutter {
    private final int partition;
    private final List<PartnerShard> shards;
    private Long start;
    private int count;

    private Cutter(int partition, List<PartnerShard> shards) {
      this.partition = partition;
      this.shards = shards;
    }

    void accept(long partnerId) {
      if (count == partnersPerShard) {
        shards.add(new PartnerShard(-1, partition, start, partnerId, count));
        start = partnerId;
        count = 0;
      }
      count++;
    }

    /** The last shard, open-ended (an empty partition is one empty shard). */
    void finish() {
      shards.add(new PartnerShard(-1, partition, start, null, count));
    }
  }

  Cutter cutter(int partition, List<PartnerShard> into) {
    return new Cutter(partition, into);
  }

  /** The shards of every partition (each cut into its own list), numbered 0, 1, 2, ... in partition order. */
  static List<PartnerShard> number(List<List<PartnerShard>> byPartition) {
    List<PartnerShard> all = new ArrayList<>();
    for (List<PartnerShard> partition : byPartition) {
      for (PartnerShard s : partition) {
        all.add(new PartnerShard(all.size(), s.partition(), s.from(), s.to(), s.partners()));
      }
    }
    return all;
  }

  /** The number of buckets for {@code partners}: a multiple of the gsi2 partner partitions, at least one each. */
  int buckets(int partners) {
    int perRound = Keys.ENTITY_SHARDS * partnersPerBucket;
    return Keys.ENTITY_SHARDS * Math.max(1, (partners + perRound - 1) / perRound);
  }

  /** The bucket of a partner, in a run of {@code buckets} buckets. */
  static int bucketOf(long partnerId, int buckets) {
    return (int) Math.floorMod(partnerId, (long) buckets);
  }
}
