package com.partnercredit.publisher;

import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Fact;
import com.partnercredit.store.ActivityStore;
import com.partnercredit.store.ParallelReads;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;

/**
 * A shard worker (the state machine's {@code EvaluateShard}, one per shard, in parallel): reads the
 * run's partner directory, then evaluates each partner of its shard from the read model, in groups of
 * {@value #PARTNER_GROUP} read together: the partner's read-model partition ({@link ReadModelStore},
 * one Query, page by page) with its own facts from the directory, each page with
 * {@link CreditEngine#evaluate(long, java.util.Collection, java.util.Collection, Instant, long)}, the
 * pages' shares added up exactly ({@link PartnerSums}). It stores each partner's sums, bucket by bucket
 * ({@link PartialSums}). Its items are keyed by run and shard and are pure functions of the sums:
 * running a shard twice writes the same items, and changes nothing.
 *
 * <p>Each client's conclusions are stored once per partner met on it, every partner's intervals on
 * the client included, so a partner's own partition is all its evaluation reads: no client's facts,
 * no activity. Activities past their TTL by this step's clock are left out, as a live read that no
 * longer loads them would.
 *
 * <p>Bad data fails only the partners it touches ({@link Failures}): a partner whose read-model items
 * cannot be decoded or evaluated; and a partner sharing a client with a partner whose facts the plan
 * could not read (that client's recompute reads them, so its conclusions may be stale).
 *
 * <p>DynamoDB: the directory's pages, per partner one Query page per 1 MB of its read-model items,
 * and one BatchWriteItem per 25 partial items (one per bucket, more only for very large ones).
 * Memory: the directory and one page per partner of a group.
 */
public final class ShardWorker {
  static final int PARTNER_GROUP = 32;

  /**
   * What one shard did: read-model items read (a client once per partner on it), partners with sums,
   * partners failed by bad data, items written.
   */
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

  /** One partner's sums from its read-model partition; {@code sharedWith} a failed partner's client, if any. */
  private record Tally(PartnerSums sums, int clients, String sharedWith) {}

  private final ReadModelStore readModel;
  private final CreditEngine engine;
  private final RunDirectory directory;
  private final PartialSums partials;
  private final Clock clock;
  private final ActivityStore activities;
  private final int partnerGroup;

  @Inject
  public ShardWorker(ReadModelStore readModel, CreditEngine engine, RunDirectory directory, PartialSums partials,
      Clock clock) {
    this(readModel, engine, directory, partials, clock, PARTNER_GROUP);
  }

  /** With another group size: tests use small groups so that a shard's partners span several groups. */
  ShardWorker(ReadModelStore readModel, CreditEngine engine, RunDirectory directory, PartialSums partials,
      Clock clock, int partnerGroup) {
    this.readModel = readModel;
    this.engine = engine;
    this.directory = directory;
    this.partials = partials;
    this.clock = clock;
    this.activities = new ActivityStore(CreditLifetime.retention(engine.rules()));
    this.partnerGroup = partnerGroup;
  }

  public ShardReport evaluate(Instant asOf, String plan, PartnerShard shard, int buckets)
      throws StorageUnavailable, RunIncomplete {
    PartnerDirectory partners = directory.read(asOf, plan);
    Failures failures = new Failures(asOf);
    partners.failed().forEach(failures::known);
    List<Long> mine = partners.partners().keySet().stream().filter(shard::holds).sorted().toList();
    long activityFloor = activities.firstLiveMillis(clock.millis());
    Map<Long, PartnerSums> sums = new HashMap<>();
    int clients = 0;
    for (int from = 0; from < mine.size(); from += partnerGroup) {
      List<Long> group = new ArrayList<>(mine.subList(from, Math.min(from + partnerGroup, mine.size())));
      for (ParallelReads.Outcome<Long, Tally> read : ParallelReads.outcomes(group,
          id -> tally(id, partners.factsOf(id), partners.failed().keySet(), asOf, activityFloor))) {
        long partnerId = read.input();
        if (!read.ok()) {
          failures.fail(partnerId, "its read model could not be read or evaluated: " + read.bad());
          continue;
        }
        Tally tally = read.value();
        clients += tally.clients();
        if (tally.sharedWith() != null) {
          failures.fail(partnerId, tally.sharedWith());
        } else if (tally.sums() != null) {
          sums.put(partnerId, tally.sums());
        }
      }
    }
    Map<Long, String> failed = failures.foundHere();
    int items = partials.write(asOf, plan, shard.shard(), buckets, sums, failed);
    return new ShardReport(shard.shard(), clients, sums.size(), failed.size(), items);
  }

  /**
   * The partner's exact sums over every client of its read-model partition, page by page; null sums
   * when the partner is not known yet as of {@code asOf}.
   */
  private Tally tally(long partnerId, List<Fact> own, Set<Long> failed, Instant asOf, long activityFloor)
      throws StorageUnavailable {
    PartnerSums sums = new PartnerSums();
    boolean[] known = {false};
    int[] clients = {0};
    String[] sharedWith = {null};
    readModel.forEachPageOf(partnerId, page -> {
      clients[0] += page.size();
      for (ClientConclusions client : page) {
        for (long other : client.partnerIds()) {
          if (sharedWith[0] == null && failed.contains(other)) {
            sharedWith[0] = "client " + client.clientId() + " is shared with partner " + other
                + ", whose data could not be read";
          }
        }
      }
      engine.evaluate(partnerId, own, page, asOf, activityFloor).ifPresent(b -> {
        sums.add(b);
        known[0] = true;
      });
    });
    return new Tally(known[0] ? sums : null, clients[0], sharedWith[0]);
  }
}
