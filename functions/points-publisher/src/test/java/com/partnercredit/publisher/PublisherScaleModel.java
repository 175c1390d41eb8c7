package com.partnercredit.publisher;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Activity;
import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.Points;
import com.partnercredit.domain.SubscriptionChanged;
import com.partnercredit.store.Attr;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.Keys;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The publisher at HubSpot's size (issue 11): 250,000 clients and 10,000 partners, without a table.
 * It generates the ids, cuts the shard plan with the real {@link ShardPlanner} (each gsi2 partner
 * partition in id order), sizes the items with the real encoders ({@link FactItems},
 * {@link ClientConclusions#encode} of a client concluded by the engine, {@link PartialSums#items}, the
 * steps' JSON results), counts each
 * step's requests and rounds (requests that wait for one another) from the read and write paths of the
 * code, and turns rounds into wall time with the latency model: {@value #MS_PER_ROUND} ms a round. It
 * measures the heap of what each step holds by building those objects in this JVM (run it with
 * {@code -Xmx256m}: it fails with an OutOfMemoryError if a step's state does not fit). Commands in
 * docs/benchmarks.md ("Points publisher").
 *
 * <p>The shape of a client (from issue 11's breakdown budget): 3 users who are partner employees (of 1
 * to 3 partners) with 20 activities each in 60 days, 5 of its own staff with 200 each (never in the
 * read model: they cannot count), an upsert and a subscription; its conclusions are stored once per
 * partner on it (2 on average). A partner: a registration, 10 employees, 5 sold deals. A shard worker
 * reads, per partner of its shard, the partner's read-model partition (one Query, a page per 1 MB).
 */
public final class PublisherScaleModel {
  static final int MS_PER_ROUND = 8;
  static final int PAGE_BYTES = 1024 * 1024;
  static final int EMPLOYEE_USERS = 3;
  static final int OWN_USERS = 5;
  static final int ACTIVITIES_PER_EMPLOYEE_USER = 20;
  static final int ACTIVITIES_PER_OWN_USER = 200;
  static final int EMPLOYEES_PER_PARTNER = 10;
  static final int DEALS_PER_PARTNER = 5;
  /** A read-model item's keys and other attributes besides its conclusions (pk, sk, kind, clientId, version). */
  static final int READ_MODEL_KEY_BYTES = 110;
  /** A shard's partial item for a bucket with none of its partners (every shard writes one per bucket). */
  static final int EMPTY_PARTIAL_BYTES = 200;
  static final int GSI2_ROWS_PER_PARTNER = 1 + EMPLOYEES_PER_PARTNER + DEALS_PER_PARTNER;
  /** A keys-only gsi2 row: pk, sk, gsi2pk, gsi2sk (measured on FactItems' keys: about 90 bytes). */
  static final int GSI2_ROW_BYTES = 90;
  /** Share of serviced clients whose credit ends within 7 days (60-day credit, activity spread evenly). */
  static final double EXPIRING = 7.0 / 60;
  /** Partners per client: 1 to 3 (mean 2), of its 3 employee users. */
  static final double PARTNERS_PER_CLIENT = 2.0;

  private PublisherScaleModel() {}

  /** A step's requests and rounds; its wall time in the model. */
  record Cost(long requests, long rounds) {
    double seconds() {
      return rounds * MS_PER_ROUND / 1000.0;
    }

    double secondsOneAtATime() {
      return requests * MS_PER_ROUND / 1000.0;
    }
  }

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
    int partners = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Random random = new Random(11);
    Instant asOf = Instant.parse("2026-11-28T02:00:00Z");

    long[] partnerIds = distinct(random, partners, 1_000_000, 60_000_000);
    long[] clientIds = distinct(random, clients, 1_000_000, 900_000_000);

    // ---- the plan: the real cut, partition by partition, in id order ----
    ShardPlanner planner = ShardPlanner.standard();
    int[] partnersPerPartition = new int[Keys.ENTITY_SHARDS];
    for (long p : partnerIds) {
      partnersPerPartition[Keys.shardOf(p)]++;
    }
    List<PartnerShard> shards = shards(planner, partnerIds);
    int buckets = planner.buckets(partners);
    RunPlan plan = RunPlan.of(asOf, shards, buckets, partners, asOf);
    Map<String, Object> planOutput = new LinkedHashMap<>(plan.toMap());
    planOutput.put("millis", 123_456);
    planOutput.put("dynamoDbRequests", 123_456);

    // ---- sizes, with the real encoders ----
    List<Fact> partnerSide = partnerFacts(partnerIds[0], asOf);
    long partnerDirectoryBytes = 0;
    for (Fact fact : partnerSide) {
      Map<String, AttributeValue> item = new HashMap<>(FactItems.item(fact, null));
      item.keySet().removeAll(List.of(Attr.PK, Attr.SK, Attr.GSI1PK, Attr.GSI1SK, Attr.GSI2PK, Attr.GSI2SK));
      partnerDirectoryBytes += RunItems.bytes(AttributeValue.fromM(item)) + 1;
    }
    long directoryBytes = (partnerDirectoryBytes + 40) * partners;
    int directoryParts = (int) Math.ceil((double) directoryBytes / RunItems.PART_BYTES);
    int directoryPages = (int) Math.ceil((double) directoryParts / (PAGE_BYTES / RunItems.PART_BYTES));
    long partnerItemBytes = partnerDirectoryBytes + 120L * (partnerSide.size() + DEALS_PER_PARTNER); // plus keys
    int pagesPerPartner = pages(partnerItemBytes);
    ClientConclusions concluded = concluded(clientIds[0], partnerIds[0], partnerIds[1], asOf);
    long readModelItemBytes = concluded.encode().length + READ_MODEL_KEY_BYTES;
    double servicedPerPartner = clients * PARTNERS_PER_CLIENT / partners;
    int clientsPerPartner = (int) Math.ceil(servicedPerPartner);
    int readModelPagesPerPartner = pages(clientsPerPartner * readModelItemBytes);

    int[] partnersInBucket = new int[buckets];
    for (long p : partnerIds) {
      partnersInBucket[ShardPlanner.bucketOf(p, buckets)]++;
    }
    int maxBucket = Arrays.stream(partnersInBucket).max().orElse(0);
    int maxShardPartners = shards.stream().mapToInt(PartnerShard::partners).max().orElse(0);

    // ---- the plan step: the read model's progress, listings (8 partitions in parallel), partners 64 at a
    // time, the directory ----
    int maxPartnerPartitionPages = 0;
    int partnerListingPages = 0;
    for (int count : partnersPerPartition) {
      int p = Math.max(1, pages((long) count * GSI2_ROWS_PER_PARTNER * GSI2_ROW_BYTES));
      partnerListingPages += p;
      maxPartnerPartitionPages = Math.max(maxPartnerPartitionPages, p);
    }
    long planWrites = (long) Math.ceil(directoryParts / (double) RunDirectory.PENDING_PARTS) + 1;
    Cost planCost = new Cost(1 + partnerListingPages + (long) partners * pagesPerPartner + planWrites,
        1 + maxPartnerPartitionPages + (long) Math.ceil((double) partners / RunPlanner.PARTNER_GROUP) * pagesPerPartner
            + planWrites);

    // ---- a shard worker: the directory, per partner its read-model partition (a group's partners together),
    // its partial items ----
    long groups = (long) Math.ceil((double) maxShardPartners / ShardWorker.PARTNER_GROUP);
    SortedMap<Long, PartnerSums> bucketSums = new TreeMap<>();
    int partnersOfShardInBucket = (int) Math.ceil((double) maxShardPartners / (buckets / Keys.ENTITY_SHARDS));
    for (int i = 0; i < partnersOfShardInBucket; i++) {
      bucketSums.put(partnerIds[i], sums(clientsPerPartner, asOf));
    }
    List<Map<String, AttributeValue>> partialParts = PartialSums.items(asOf, plan.plan(), 0, 0, bucketSums,
        new TreeMap<>(), 0);
    long partialItemBytes = partialParts.stream().mapToLong(i -> RunItems.bytes(AttributeValue.fromM(i))).sum();
    long shardWrites = (long) Math.ceil(buckets * partialParts.size() / 25.0);
    Cost shardCost = new Cost(directoryPages + (long) maxShardPartners * readModelPagesPerPartner + shardWrites,
        directoryPages + groups * readModelPagesPerPartner + shardWrites);

    // ---- a bucket: its partial sums, its partners' listing, per 25 partners their facts then their last
    // snapshot (together), a BatchWriteItem of their snapshots, PutEvents of 10 ----
    double eventsPerPartner = 1 + servicedPerPartner * EXPIRING;
    int bucketPartialPages = Math.max(1, pages(shards.size() / Keys.ENTITY_SHARDS * partialItemBytes
        + shards.size() * EMPTY_PARTIAL_BYTES));
    int bucketListingPages = Math.max(1, pages((long) partners / Keys.ENTITY_SHARDS * GSI2_ROWS_PER_PARTNER
        * GSI2_ROW_BYTES / (buckets / Keys.ENTITY_SHARDS)));
    long bucketGroups = (long) Math.ceil(maxBucket / (double) BucketPublisher.SNAPSHOT_BATCH);
    long bucketPutEvents = (long) Math.ceil(maxBucket * eventsPerPartner / 10);
    long programWrites = 1; // the bucket's program record: one item under 64 KB
    Cost bucketCost = new Cost(bucketPartialPages + bucketListingPages + (long) maxBucket * (pagesPerPartner + 1)
        + bucketGroups + programWrites + bucketPutEvents,
        bucketPartialPages + bucketListingPages + bucketGroups * (pagesPerPartner + 1 + 1) + programWrites
            + bucketPutEvents);
    Cost recordCost = new Cost(3, 3); // the last publication read and written, the day's partners per tier

    // ---- what the state machine carries: the plan, then every shard's and bucket's result ----
    Map<String, Object> shardResult = new LinkedHashMap<>(new ShardWorker.ShardReport(shards.size() - 1,
        maxShardPartners * clientsPerPartner, maxShardPartners, 0, buckets * partialParts.size()).toMap());
    shardResult.put("millis", 123_456);
    shardResult.put("dynamoDbRequests", 123_456);
    Map<String, Object> bucketResult = new LinkedHashMap<>();
    bucketResult.put("bucket", buckets - 1);
    bucketResult.putAll(new PublishReport(asOf, maxBucket, maxBucket, maxBucket * 3, 0, maxBucket, new TreeMap<>(),
        Map.of(com.partnercredit.domain.Tier.GOLD, maxBucket)).summary());
    bucketResult.put("millis", 123_456);
    bucketResult.put("dynamoDbRequests", 123_456);
    int planJson = JSON.std.asString(planOutput).length();
    int stateAtRecord = planJson + shards.size() * (JSON.std.asString(shardResult).length() + 1)
        + buckets * (JSON.std.asString(bucketResult).length() + 1) + 40;

    System.out.printf("HubSpot's size: %,d clients, %,d partners; latency model %d ms a round%n", clients, partners,
        MS_PER_ROUND);
    System.out.printf("  plan: %d shards (workers) of at most %,d partners (largest %,d), %d buckets (largest %,d"
        + " partners); the plan's JSON %,d bytes, the state at RecordRun %,d bytes (Step Functions' limit:"
        + " 262,144)%n", shards.size(), ShardPlanner.PARTNERS_PER_SHARD, maxShardPartners, buckets, maxBucket,
        planJson, stateAtRecord);
    System.out.printf("  sizes: a client's read-model item %,d bytes, %d of them a partner (%d page), a partner's"
        + " partition %,d bytes; the directory %,d bytes in %d parts (%d pages); a shard's partial item for a"
        + " bucket %,d bytes in %d part(s)%n", readModelItemBytes, clientsPerPartner, readModelPagesPerPartner,
        partnerItemBytes, directoryBytes, directoryParts, directoryPages, partialItemBytes, partialParts.size());
    System.out.printf("  %-22s %10s %8s %14s %16s%n", "step", "requests", "rounds", "model (rounds)",
        "one at a time");
    print("plan (1)", planCost);
    print("shard worker (" + shards.size() + ")", shardCost);
    print("bucket (" + buckets + ")", bucketCost);
    print("record (1)", recordCost);
    System.out.printf("  plan: 1 read-model progress Query, %,d gsi2 pages, %,d partner Queries (%d at a time),"
        + " %d directory writes%n", partnerListingPages, (long) partners * pagesPerPartner, RunPlanner.PARTNER_GROUP,
        planWrites);
    System.out.printf("  shard: %d directory pages, %,d read-model Queries (%d a partner; %d partners at a time, %d"
        + " groups), %d writes; no client's facts, no activity%n", directoryPages,
        (long) maxShardPartners * readModelPagesPerPartner, readModelPagesPerPartner, ShardWorker.PARTNER_GROUP,
        groups, shardWrites);
    System.out.printf("  bucket: %d partial-sum pages, %d gsi2 pages, %,d partner and snapshot Queries (%d partners"
        + " at a time), %d snapshot writes, %d program record write, %d PutEvents (%.1f events a partner)%n",
        bucketPartialPages, bucketListingPages, (long) maxBucket * (pagesPerPartner + 1), BucketPublisher.SNAPSHOT_BATCH,
        bucketGroups, programWrites, bucketPutEvents, eventsPerPartner);
    long all = planCost.requests() + shards.size() * shardCost.requests() + buckets * bucketCost.requests()
        + recordCost.requests();
    System.out.printf("  requests in all: at most %,d (the plan %,d, %,d shard workers x up to %,d, %d buckets x up"
        + " to %,d, the record %d); the run's critical path %.1f s (plan + a shard + a bucket + record, at"
        + " MaxConcurrency 100 and 10)%n", all, planCost.requests(), shards.size(), shardCost.requests(), buckets,
        bucketCost.requests(), recordCost.requests(),
        planCost.seconds() + Math.ceil(shards.size() / 100.0) * shardCost.seconds()
            + Math.ceil(buckets / 10.0) * bucketCost.seconds() + recordCost.seconds());

    // ---- heap of what each step holds, built here ----
    long before = usedAfterGc();
    PartnerDirectory directory = new PartnerDirectory();
    for (long p : partnerIds) {
      directory.add(p, partnerFacts(p, asOf));
    }
    long directoryHeap = usedAfterGc() - before;
    before = usedAfterGc();
    byte[] encoded = concluded.encode();
    List<List<ClientConclusions>> clientGroups = new ArrayList<>(); // ten groups, above the noise; a worker holds one
    for (int g = 0; g < 10 * ShardWorker.PARTNER_GROUP; g++) { // a page of each partner of a group, decoded
      List<ClientConclusions> page = new ArrayList<>(clientsPerPartner);
      for (int c = 0; c < clientsPerPartner; c++) {
        page.add(ClientConclusions.decode(encoded));
      }
      clientGroups.add(page);
    }
    long groupHeap = (usedAfterGc() - before) / 10;
    before = usedAfterGc();
    Map<Long, PartnerSums> shardSums = new HashMap<>(); // what a worker adds up, by partner
    for (int i = 0; i < maxShardPartners; i++) {
      shardSums.put(partnerIds[i], sums(clientsPerPartner, asOf));
    }
    long shardSumsHeap = usedAfterGc() - before;
    before = usedAfterGc();
    Map<Long, PartnerSums> bucketState = new HashMap<>();
    for (int i = 0; i < maxBucket; i++) {
      bucketState.put(partnerIds[i], sums((int) Math.ceil(servicedPerPartner), asOf));
    }
    long bucketHeap = usedAfterGc() - before;
    System.out.printf("  heap held: shard worker %.1f MiB (the directory %.1f MiB + a page of each of %d partners"
        + " decoded %.1f MiB + its partners' sums %.1f MiB); bucket %.1f MiB of sums (+ 25 partners' facts); the plan"
        + " a group of %d partners and one directory part; max heap %d MiB%n",
        mib(directoryHeap + groupHeap + shardSumsHeap), mib(directoryHeap), ShardWorker.PARTNER_GROUP, mib(groupHeap),
        mib(shardSumsHeap), mib(bucketHeap), RunPlanner.PARTNER_GROUP, Runtime.getRuntime().maxMemory() >> 20);
    if (directory.partners().size() != partners || clientGroups.isEmpty() || shardSums.isEmpty() || bucketState.isEmpty()) {
      throw new AssertionError("kept alive for the measure");
    }
  }

  private static void print(String step, Cost cost) {
    System.out.printf("  %-22s %,10d %,8d %13.1fs %15.1fs%n", step, cost.requests(), cost.rounds(), cost.seconds(),
        cost.secondsOneAtATime());
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static int pages(long bytes) {
    return (int) Math.max(1, Math.ceil((double) bytes / PAGE_BYTES));
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long[] distinct(Random random, int count, long from, long to) {
    Set<Long> ids = new HashSet<>();
    while (ids.size() < count) {
      ids.add(from + (long) (random.nextDouble() * (to - from)));
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  /** A partner's facts as the directory keeps them: its registration and employees (deals left out). */
  static List<Fact> partnerFacts(long partner, Instant asOf) {
    List<Fact> facts = new ArrayList<>();
    Instant at = asOf.minus(Duration.ofDays(400));
    facts.add(new PartnerRegistered("evt-" + partner + "-registered-0000000000", at, partner,
        "Agency " + partner + " Marketing Partners", List.of("agency" + partner + ".com"), false));
    for (int e = 1; e <= EMPLOYEES_PER_PARTNER; e++) {
      facts.add(new EmployeeAdded("evt-" + partner + "-employee-" + e + "-000000000", at, partner, e,
          "firstname" + e + ".lastname@agency" + partner + ".com"));
    }
    return facts;
  }

  /**
   * The conclusions of a client of the model's shape, as the read model stores them: its 3 employee
   * users are employees of {@code p1} (two) and {@code p2} (one).
   */
  private static ClientConclusions concluded(long client, long p1, long p2, Instant asOf) {
    List<Fact> facts = new ArrayList<>(clientAsRead(client, asOf, p1, p2));
    facts.addAll(partnerFacts(p1, asOf));
    facts.addAll(partnerFacts(p2, asOf));
    return CreditEngine.conclude(Facts.of(facts)).get(client);
  }

  /** A client as its recompute reads it: its account facts (all its users) and its employee users' activities. */
  private static List<Fact> clientAsRead(long client, Instant asOf, long p1, long p2) {
    List<Fact> facts = new ArrayList<>();
    Instant at = asOf.minus(Duration.ofDays(300));
    facts.add(new ClientUpserted("evt-" + client + "-upsert-000000000", at, client, "Client " + client,
        "client" + client + ".example", Currency.getInstance("USD")));
    facts.add(new SubscriptionChanged("evt-" + client + "-sub-000000000", at, client, Money.of("1000.00", "USD")));
    for (int u = 1; u <= EMPLOYEE_USERS + OWN_USERS; u++) {
      String email = u > EMPLOYEE_USERS ? "firstname" + u + ".lastname@client" + client + ".example"
          : "firstname" + u + ".lastname@agency" + (u == 2 ? p2 : p1) + ".com";
      facts.add(new ClientUserAdded("evt-" + client + "-user-" + u + "-0000000", at, client, u, email));
    }
    for (int u = 1; u <= EMPLOYEE_USERS; u++) {
      for (int a = 0; a < ACTIVITIES_PER_EMPLOYEE_USER; a++) {
        facts.add(new Activity((900_000_000L + a) + "-0123456789abcdef", client, u, "contact.creation",
            asOf.minus(Duration.ofMinutes(a * 4_000L)), true));
      }
    }
    return facts;
  }

  private static PartnerSums sums(int serviced, Instant asOf) {
    PartnerSums sums = new PartnerSums();
    List<PartnerResult.ServicedClient> clients = new ArrayList<>(serviced);
    for (int c = 0; c < serviced; c++) {
      clients.add(new PartnerResult.ServicedClient(100_000_000L + c, Points.ofExact("375/44"),
          asOf.plus(Duration.ofDays(c % 60))));
    }
    sums.add(Points.ofExact("375/44"), serviced * 20L, clients);
    return sums;
  }

  /** The plan's cut of these partners, partition by partition, in id order, as the plan step cuts it. */
  static List<PartnerShard> shards(ShardPlanner planner, long[] partnerIds) {
    List<List<PartnerShard>> byPartition = new ArrayList<>();
    for (int p = 0; p < Keys.ENTITY_SHARDS; p++) {
      int partition = p;
      List<PartnerShard> shards = new ArrayList<>();
      ShardPlanner.Cutter cutter = planner.cutter(p, shards);
      Arrays.stream(partnerIds).filter(id -> Keys.shardOf(id) == partition).sorted().forEach(cutter::accept);
      cutter.finish();
      byPartition.add(shards);
    }
    return ShardPlanner.number(byPartition);
  }
}
