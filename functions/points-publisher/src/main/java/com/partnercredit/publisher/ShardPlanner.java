package com.partnercredit.publisher;

import com.partnercredit.store.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run is cut (pure, no I/O): each gsi2 client partition, listed in the index's order, into
 * ranges of at most {@code clientsPerShard} clients; and the partners into buckets by {@code partnerId
 * mod buckets}, where {@code buckets} is a multiple of the gsi2 partner partitions, so that each
 * bucket's partners are listed from one partition.
 *
 * <p>A partition is cut as it is listed ({@link Cutter}): the plan keeps only the shards' bounds,
 * never the client ids, whatever the number of clients.
 */
final class ShardPlanner {
  /** Clients per shard: at 8 ms a request a worker reads its 1,000 clients in about 8 s (docs/benchmarks.md). */
  static final int CLIENTS_PER_SHARD = 1_000;
  /** Partners per bucket of the final step: two Queries each (its facts, its last snapshot). */
  static final int PARTNERS_PER_BUCKET = 500;

  private final int clientsPerShard;
  private final int partnersPerBucket;

  ShardPlanner(int clientsPerShard, int partnersPerBucket) {
    if (clientsPerShard < 1 || partnersPerBucket < 1) {
      throw new IllegalArgumentException("shards and buckets hold at least one client or partner");
    }
    this.clientsPerShard = clientsPerShard;
    this.partnersPerBucket = partnersPerBucket;
  }

  static ShardPlanner standard() {
    return new ShardPlanner(CLIENTS_PER_SHARD, PARTNERS_PER_BUCKET);
  }

  /** Cuts one partition as its client ids arrive, in the index's order. */
  final class Cutter {
    private final int partition;
    private final List<ClientShard> shards;
    private Long start;
    private int count;

    private Cutter(int partition, List<ClientShard> shards) {
      this.partition = partition;
      this.shards = shards;
    }

    void accept(long clientId) {
      if (count == clientsPerShard) {
        shards.add(new ClientShard(-1, partition, start, clientId, count));
        start = clientId;
        count = 0;
      }
      count++;
    }

    /** The last shard, open-ended (an empty partition is one empty shard: clients may still come). */
    void finish() {
      shards.add(new ClientShard(-1, partition, start, null, count));
    }
  }

  Cutter cutter(int partition, List<ClientShard> into) {
    return new Cutter(partition, into);
  }

  /** The shards of every partition (each cut into its own list), numbered 0, 1, 2, ... in partition order. */
  static List<ClientShard> number(List<List<ClientShard>> byPartition) {
    List<ClientShard> all = new ArrayList<>();
    for (List<ClientShard> partition : byPartition) {
      for (ClientShard s : partition) {
        all.add(new ClientShard(all.size(), s.partition(), s.from(), s.to(), s.clients()));
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
