package com.partnercredit.publisher;

import com.partnercredit.domain.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a whole run did, added up by its last step ({@code RecordRun}) from what the state machine
 * passes it: the plan's counts and every shard's and every bucket's result ({@link Step}).
 *
 * @param startedAt when the execution started (the state machine's {@code $$.Execution.StartTime})
 * @param execution the execution's id, for the log line
 * @param partners partners listed by the plan
 * @param clients read-model items read by the shard workers (a client once per partner on it)
 * @param shards client shards (shard workers)
 * @param buckets partner buckets (final steps)
 * @param snapshots partners published: one snapshot and one {@code PartnerTierPoints} each
 * @param events events put on the bus (accepted by it)
 * @param eventsAlreadyPut events not put again, because the same event was already put for this
 *     {@code asOf} (by a failed attempt of a bucket, or an earlier run as of the same time)
 * @param putEventsCalls PutEvents calls, retries included
 * @param failedCount partners not published (bad data)
 * @param failedPartners some of them, with the reason (each bucket lists its first
 *     {@value PublishReport#LISTED_FAILURES}, each reason cut to {@value #REASON_CHARS} characters)
 * @param stepRequests DynamoDB requests of the plan, the shards and the buckets
 * @param slowestShardMillis the longest shard worker (the bound that matters: a step has 5 minutes)
 * @param tiers partners published per tier, the sum of the buckets'; null when a bucket's result has
 *     none (a step of an older version, in a redriven execution)
 */
record RunTotals(
    Instant asOf, Instant startedAt, String execution, int partners, int clients, int shards, int buckets,
    int snapshots, int events, int eventsAlreadyPut, int putEventsCalls, int failedCount, SortedMap<Long, String> failedPartners,
    long stepRequests, long slowestShardMillis, Map<Tier, Integer> tiers) {

  /** The longest reason a step's result or the run's lists (the full one is in the step's log). */
  static final int REASON_CHARS = 200;

  /**
   * From the last step's input: {@code asOf}, {@code startedAt}, {@code execution}, the plan's
   * {@code partners} and {@code planRequests}, {@code shards} (every shard's result) and
   * {@code buckets} (every bucket's result).
   */
  static RunTotals of(Map<?, ?> input) {
    long requests = StepInput.longValue(input, "planRequests");
    int clients = 0;
    long slowest = 0;
    List<Map<?, ?>> shards = StepInput.objects(input, "shards");
    for (Map<?, ?> shard : shards) {
      clients += StepInput.integer(shard, "clients");
      requests += StepInput.longValue(shard, "dynamoDbRequests");
      slowest = Math.max(slowest, StepInput.longValue(shard, "millis"));
    }
    int snapshots = 0;
    int events = 0;
    int alreadyPut = 0;
    int calls = 0;
    int failedCount = 0;
    SortedMap<Long, String> failed = new TreeMap<>();
    Map<Tier, Integer> tiers = new EnumMap<>(Tier.class);
    for (Tier tier : Tier.values()) {
      tiers.put(tier, 0);
    }
    List<Map<?, ?>> buckets = StepInput.objects(input, "buckets");
    for (Map<?, ?> bucket : buckets) {
      snapshots += StepInput.integer(bucket, "snapshots");
      events += StepInput.integer(bucket, "events");
      alreadyPut += StepInput.integer(bucket, "eventsAlreadyPut");
      calls += StepInput.integer(bucket, "putEventsCalls");
      failedCount += StepInput.integer(bucket, "failedCount");
      requests += StepInput.longValue(bucket, "dynamoDbRequests");
      for (Map<?, ?> f : StepInput.objects(bucket, "failedPartners")) {
        failed.put(StepInput.longValue(f, "partnerId"), String.valueOf(f.get("reason")));
      }
      if (tiers != null && bucket.get("tiers") instanceof Map<?, ?> counts) {
        for (Tier tier : Tier.values()) {
          tiers.merge(tier, counts.get(tier.name()) == null ? 0 : StepInput.integer(counts, tier.name()), Integer::sum);
        }
      } else {
        tiers = null;
      }
    }
    return new RunTotals(StepInput.instant(input, "asOf"), StepInput.instant(input, "startedAt"),
        input.get("execution") == null ? null : String.valueOf(input.get("execution")),
        StepInput.integer(input, "partners"), clients, shards.size(), buckets.size(), snapshots, events, alreadyPut, calls,
        failedCount, failed, requests, slowest, tiers);
  }

  /**
   * The run's result (the state machine's output; the local stack's {@code POST /publish} reads it):
   * the counts, and at most {@value PublicationRun#LOGGED_FAILURES} failed partners.
   */
  Map<String, Object> summary() {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("asOf", asOf.toString());
    summary.put("outcome", failedCount == 0 ? "ok" : "partial");
    summary.put("partners", partners);
    summary.put("clients", clients);
    summary.put("shards", shards);
    summary.put("buckets", buckets);
    summary.put("snapshots", snapshots);
    summary.put("events", events);
    summary.put("eventsAlreadyPut", eventsAlreadyPut);
    summary.put("putEventsCalls", putEventsCalls);
    summary.put("failedCount", failedCount);
    summary.put("failedPartners", listed(failedPartners, PublicationRun.LOGGED_FAILURES));
    if (tiers != null) {
      summary.put("tiers", tierNames(tiers));
    }
    return summary;
  }

  /** Counts per tier with the tiers' names, in tier order (JSON-friendly). */
  static Map<String, Integer> tierNames(Map<Tier, Integer> tiers) {
    Map<String, Integer> named = new LinkedHashMap<>();
    for (Tier tier : Tier.values()) {
      named.put(tier.name(), tiers.getOrDefault(tier, 0));
    }
    return named;
  }

  /** Failed partners as JSON-friendly maps, at most {@code limit}, each reason cut to {@value #REASON_CHARS} characters. */
  static List<Map<String, Object>> listed(SortedMap<Long, String> failed, int limit) {
    List<Map<String, Object>> listed = new ArrayList<>();
    failed.entrySet().stream().limit(limit).forEach(e -> {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("partnerId", e.getKey());
      f.put("reason", e.getValue().length() > REASON_CHARS ? e.getValue().substring(0, REASON_CHARS) : e.getValue());
      listed.add(f);
    });
    return listed;
  }
}
