package com.partnercredit.publisher;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/**
 * A shard worker (the state machine's {@code EvaluateShard}, one per shard, in parallel): reads the
 * run's partner directory, evaluates the shard's clients in groups of {@value #CLIENT_GROUP} together
 * with the partners on them ({@link ManagedTallies}), and stores each partner's exact partial sums,
 * bucket by bucket ({@link PartialSums}). Its items are keyed by run and shard and are pure functions
 * of the sums: running a shard twice writes the same items, and changes nothing.
 *
 * <p>DynamoDB: the directory's pages, the shard's gsi2 pages, per client one Query for its account
 * facts and one per employee user on it for that user's activities (a group's clients read together),
 * and one BatchWriteItem per 25 partial items (one per bucket, more only for very large ones).
 * Memory: the directory and one group of clients.
 */
public final class ShardWorker {
  static final int CLIENT_GROUP = 100;

  /** What one shard did: clients read, partners with sums, partners failed by bad data, items written. */
  public record ShardReport(int shard, int clients, int partners, int failedPartners, int items) {
    public Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("shard", shard);
      map.put("clients", clients);
      map.put("partners", partners);
      map.put("failedPartners", failedPartners);
      map.put("items", items);
      return map;
    }
  }

  private final FactStore store;
  private final CreditEngine engine;
  private final PartitionMentions mentions;
  private final RunDirectory directory;
  private final PartialSums partials;
  private final int clientGroup;

  @Inject
  public ShardWorker(FactStore store, CreditEngine engine, PartitionMentions mentions, RunDirectory directory,
      PartialSums partials) {
    this(store, engine, mentions, directory, partials, CLIENT_GROUP);
  }

  /** With another group size: tests use small groups so that partners span several groups. */
  ShardWorker(FactStore store, CreditEngine engine, PartitionMentions mentions, RunDirectory directory,
      PartialSums partials, int clientGroup) {
    this.store = store;
    this.engine = engine;
    this.mentions = mentions;
    this.directory = directory;
    this.partials = partials;
    this.clientGroup = clientGroup;
  }

  public ShardReport evaluate(Instant asOf, String plan, ClientShard shard, int buckets)
      throws StorageUnavailable, RunIncomplete {
    PartnerDirectory partners = directory.read(asOf, plan);
    Failures failures = new Failures(asOf);
    partners.failed().forEach(failures::known);
    ManagedTallies tallies = new ManagedTallies(store, engine, mentions, partners, failures, asOf, clientGroup)
        .evaluate(action -> store.forEachClientInShard(shard.partition(), shard.from(), shard.to(), action));
    Map<Long, PartnerSums> sums = tallies.sums();
    Map<Long, String> failed = failures.foundHere();
    int items = partials.write(asOf, plan, shard.shard(), buckets, sums, failed);
    return new ShardReport(shard.shard(), tallies.clients(), sums.size(), failed.size(), items);
  }
}
