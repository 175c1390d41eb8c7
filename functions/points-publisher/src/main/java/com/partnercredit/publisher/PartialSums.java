package com.partnercredit.publisher;

import com.partnercredit.domain.Points;
import com.partnercredit.store.Attr;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shard workers' partial sums, keyed by run and shard, laid out by partner bucket so that each
 * final step reads only its own partners':
 *
 * <pre>
 * pk PUBLISH#&lt;asOf ms&gt;#PARTNERS#&lt;bucket&gt;   sk SHARD#&lt;shard&gt;#PART#&lt;n&gt;
 *    plan, shard, bucket, parts (on part 0), sums {partnerId: {managedExact, counted, serviced}}, failed, expiresAt
 * </pre>
 *
 * A worker writes one item (or more parts, past {@value RunItems#PART_BYTES} bytes) for every bucket,
 * even an empty one, so the final step can tell "no partner of mine on this shard" from "this shard
 * did not run". Items are pure functions of the sums: a retried shard overwrites its items with the
 * identical ones. Points are exact fractions as strings ({@link Points#exact}), never binary numbers.
 */
public final class PartialSums {
  static final String KIND = "PARTIAL_SUMS";

  /** One shard's partial sums for the partners of one bucket. */
  record ShardPartial(int shard, SortedMap<Long, PartnerSums> sums, SortedMap<Long, String> failed) {}

  private final RunPartitions partitions;

  @Inject
  PartialSums(RunPartitions partitions) {
    this.partitions = partitions;
  }

  /**
   * Writes shard {@code shard}'s sums and failures, one item or more per bucket; parts after the
   * first go first, so part 0 (which counts the parts) never points at parts not yet written.
   * Returns the number of items written.
   */
  int write(Instant asOf, String plan, int shard, int buckets, Map<Long, PartnerSums> sums, Map<Long, String> failed)
      throws StorageUnavailable {
    List<SortedMap<Long, PartnerSums>> sumsByBucket = new ArrayList<>(buckets);
    List<SortedMap<Long, String>> failedByBucket = new ArrayList<>(buckets);
    for (int b = 0; b < buckets; b++) {
      sumsByBucket.add(new TreeMap<>());
      failedByBucket.add(new TreeMap<>());
    }
    sums.forEach((partner, s) -> sumsByBucket.get(ShardPlanner.bucketOf(partner, buckets)).put(partner, s));
    failed.forEach((partner, reason) -> failedByBucket.get(ShardPlanner.bucketOf(partner, buckets)).put(partner, reason));
    List<Map<String, AttributeValue>> firsts = new ArrayList<>(buckets);
    List<Map<String, AttributeValue>> rest = new ArrayList<>();
    long expiresAt = partitions.expiresAt(asOf);
    for (int b = 0; b < buckets; b++) {
      List<Map<String, AttributeValue>> items = items(asOf, plan, shard, b, sumsByBucket.get(b), failedByBucket.get(b),
          expiresAt);
      firsts.add(items.get(0));
      rest.addAll(items.subList(1, items.size()));
    }
    partitions.putAll(rest);
    partitions.putAll(firsts);
    return firsts.size() + rest.size();
  }

  /** The items of one shard for one bucket: a pure function of the sums, parts of at most {@value RunItems#PART_BYTES} bytes. */
  static List<Map<String, AttributeValue>> items(Instant asOf, String plan, int shard, int bucket,
      SortedMap<Long, PartnerSums> sums, SortedMap<Long, String> failed, long expiresAt) {
    List<Map<String, AttributeValue>> parts = new ArrayList<>();
    Map<String, AttributeValue> partnerSums = new HashMap<>();
    Map<String, AttributeValue> partnerFailures = new HashMap<>();
    long bytes = 0;
    List<Map.Entry<String, AttributeValue>> entries = new ArrayList<>();
    sums.forEach((partner, s) -> entries.add(Map.entry("s" + partner, encode(s))));
    failed.forEach((partner, reason) -> entries.add(Map.entry("f" + partner,
        AttributeValue.fromS(reason.length() > 1000 ? reason.substring(0, 1000) : reason))));
    for (Map.Entry<String, AttributeValue> e : entries) {
      long size = e.getKey().length() + RunItems.bytes(e.getValue()) + 4;
      if (bytes + size > RunItems.PART_BYTES && bytes > 0) {
        parts.add(part(asOf, plan, shard, bucket, parts.size(), partnerSums, partnerFailures, expiresAt));
        partnerSums = new HashMap<>();
        partnerFailures = new HashMap<>();
        bytes = 0;
      }
      (e.getKey().charAt(0) == 's' ? partnerSums : partnerFailures).put(e.getKey().substring(1), e.getValue());
      bytes += size;
    }
    parts.add(part(asOf, plan, shard, bucket, parts.size(), partnerSums, partnerFailures, expiresAt));
    parts.get(0).put(Attr.PARTS, AttributeValue.fromN(Integer.toString(parts.size())));
    return parts;
  }

  private static Map<String, AttributeValue> part(Instant asOf, String plan, int shard, int bucket, int n,
      Map<String, AttributeValue> sums, Map<String, AttributeValue> failed, long expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, AttributeValue.fromS(Keys.runPartials(asOf.toEpochMilli(), bucket)));
    item.put(Attr.SK, AttributeValue.fromS(Keys.shardPart(shard, n)));
    item.put(Attr.KIND, AttributeValue.fromS(KIND));
    item.put(Attr.PLAN, AttributeValue.fromS(plan));
    item.put(Attr.SHARD, AttributeValue.fromN(Integer.toString(shard)));
    item.put(Attr.BUCKET, AttributeValue.fromN(Integer.toString(bucket)));
    item.put(Attr.SUMS, AttributeValue.fromM(sums));
    item.put(Attr.FAILED, AttributeValue.fromM(failed));
    item.put(Attr.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)));
    return item;
  }

  static AttributeValue encode(PartnerSums sums) {
    List<AttributeValue> serviced = new ArrayList<>(sums.serviced().size());
    sums.serviced().forEach(c -> serviced.add(AttributeValue.fromS(PartnerSums.encode(c))));
    return AttributeValue.fromM(Map.of(
        Attr.EXACT_MANAGED, AttributeValue.fromS(sums.managed().exact()),
        Attr.COUNTED, AttributeValue.fromN(Long.toString(sums.counted())),
        Attr.SERVICED, AttributeValue.fromL(serviced)));
  }

  static PartnerSums decode(AttributeValue value) {
    Map<String, AttributeValue> m = value.m();
    List<PartnerResult.ServicedClient> serviced = new ArrayList<>();
    m.get(Attr.SERVICED).l().forEach(c -> serviced.add(PartnerSums.decode(c.s())));
    PartnerSums sums = new PartnerSums();
    sums.add(Points.ofExact(m.get(Attr.EXACT_MANAGED).s()), Long.parseLong(m.get(Attr.COUNTED).n()), serviced);
    return sums;
  }

  /**
   * Every shard's partial sums for the partners of {@code bucket}, read with strongly consistent
   * Queries and decoded as the pages arrive.
   *
   * @throws RunIncomplete when a shard of {@code 0..shards-1} has no item of this plan (it did not
   *     run, it ran for another plan, or its items expired), or not all its parts
   */
  List<ShardPartial> read(Instant asOf, String plan, int bucket, int shards) throws StorageUnavailable, RunIncomplete {
    int[] partsOf = new int[shards];
    int[] found = new int[shards];
    List<SortedMap<Long, PartnerSums>> sums = new ArrayList<>(shards);
    List<SortedMap<Long, String>> failed = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      sums.add(new TreeMap<>());
      failed.add(new TreeMap<>());
    }
    partitions.forEachLive(Keys.runPartials(asOf.toEpochMilli(), bucket),
        "the partial sums of bucket " + bucket, item -> {
          String sk = item.get(Attr.SK).s();
          int shard = Keys.shardOfPart(sk);
          int part = Integer.parseInt(sk.substring(sk.lastIndexOf('#') + 1));
          if (shard >= shards || !plan.equals(item.get(Attr.PLAN).s())) {
            return;
          }
          if (part == 0) { // part 0 sorts first and counts the parts: later ones beyond it are an older attempt's
            partsOf[shard] = Integer.parseInt(item.get(Attr.PARTS).n());
          } else if (part >= partsOf[shard]) {
            return;
          }
          found[shard]++;
          item.get(Attr.SUMS).m().forEach((partner, value) -> sums.get(shard).put(Long.parseLong(partner), decode(value)));
          item.get(Attr.FAILED).m().forEach((partner, reason) -> failed.get(shard).put(Long.parseLong(partner), reason.s()));
        });
    List<ShardPartial> partials = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      if (partsOf[s] == 0 || found[s] != partsOf[s]) {
        throw new RunIncomplete("the run as of " + asOf + " (plan " + plan + ") has " + (partsOf[s] == 0
            ? "no partial sums of shard " + s : found[s] + " of the " + partsOf[s] + " parts of shard " + s)
            + " for bucket " + bucket + ": that shard did not complete");
      }
      partials.add(new ShardPartial(s, sums.get(s), failed.get(s)));
    }
    return partials;
  }
}
