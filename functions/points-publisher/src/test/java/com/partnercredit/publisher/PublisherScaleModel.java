package com.partnercredit.publisher;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Activity;
import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.Points;
import com.partnercredit.domain.SubscriptionChanged;
import com.partnercredit.store.Attr;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StoredFacts;
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
 * It generates the ids, cuts the shard plan with the real {@link ShardPlanner} (each gsi2 partition in
 * the index's string order), sizes the items with the real encoders ({@link FactItems},
 * {@link PartialSums#items}, {@code StoredFacts.ACTIVITIES}, the steps' JSON results), counts each
 * step's requests and rounds (requests that wait for one another) from the read and write paths of the
 * code, and turns rounds into wall time with the latency model: {@value #MS_PER_ROUND} ms a round. It
 * measures the heap of what each step holds by building those objects in this JVM (run it with
 * {@code -Xmx256m}: it fails with an OutOfMemoryError if a step's state does not fit). Commands in
 * docs/benchmarks.md ("Points publisher").
 *
 * <p>The shape of a client (from issue 11's breakdown budget): 3 users who are partner employees (of 1
 * to 3 partners) with 20 activities each in 60 days, 5 of its own staff with 200 each (never read: a
 * shard reads a client's account facts, then its employee users' activities), an upsert and a
 * subscription; a partner: a registration, 10 employees, 5 sold deals.
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
  /** gsi2 rows: the client's facts (upsert, subscription, one per user); keys only. */
  static final int GSI2_ROWS_PER_CLIENT = 2 + EMPLOYEE_USERS + OWN_USERS;
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

    // ---- the plan: the real cut, partition by partition, in the index's order ----
    ShardPlanner planner = ShardPlanner.standard();
    int[] clientsPerPartition = new int[Keys.ENTITY_SHARDS];
    int[] partnersPerPartition = new int[Keys.ENTITY_SHARDS];
    for (long p : partnerIds) {
      partnersPerPartition[Keys.shardOf(p)]++;
    }
    List<ClientShard> shards = shards(planner, clientIds);
    shards.forEach(s -> clientsPerPartition[s.partition()] += s.clients());
    int buckets = planner.buckets(partners);
    RunPlan plan = RunPlan.of(asOf, shards, buckets, partners, clients);
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
    long activityBytes = RunItems.bytes(AttributeValue.fromM(StoredFacts.ACTIVITIES.item("123456789-0123456789abcdef",
        123456789L, 123456789L, 12345L, "contact.creation", "CRM", asOf.toEpochMilli(), 42L, 5501L, "CRM_UI")));
    long partnerItemBytes = partnerDirectoryBytes + 120L * (partnerSide.size() + DEALS_PER_PARTNER); // plus keys
    long accountBytes = (2 + EMPLOYEE_USERS + OWN_USERS) * 300L;
    long employeeUserActivityBytes = ACTIVITIES_PER_EMPLOYEE_USER * activityBytes;
    int pagesPerAccount = pages(accountBytes);
    int pagesPerEmployeeUser = pages(employeeUserActivityBytes);
    int pagesPerPartner = pages(partnerItemBytes);

    int[] partnersInBucket = new int[buckets];
    for (long p : partnerIds) {
      partnersInBucket[ShardPlanner.bucketOf(p, buckets)]++;
    }
    int maxBucket = Arrays.stream(partnersInBucket).max().orElse(0);
    int maxShardClients = shards.stream().mapToInt(ClientShard::clients).max().orElse(0);
    double servicedPerPartner = clients * PARTNERS_PER_CLIENT / partners;

    // ---- the plan step: listings (8 partitions in parallel), partners 64 at a time, the directory ----
    int maxPartnerPartitionPages = 0;
    int partnerListingPages = 0;
    for (int count : partnersPerPartition) {
      int p = Math.max(1, pages((long) count * GSI2_ROWS_PER_PARTNER * GSI2_ROW_BYTES));
      partnerListingPages += p;
      maxPartnerPartitionPages = Math.max(maxPartnerPartitionPages, p);
    }
    int maxClientPartitionPages = 0;
    int clientListingPages = 0;
    for (int count : clientsPerPartition) {
      int p = Math.max(1, pages((long) count * GSI2_ROWS_PER_CLIENT * GSI2_ROW_BYTES));
      clientListingPages += p;
      maxClientPartitionPages = Math.max(maxClientPartitionPages, p);
    }
    long planWrites = (long) Math.ceil(directoryParts / (double) RunDirectory.PENDING_PARTS) + 1;
    Cost planCost = new Cost(partnerListingPages + (long) partners * pagesPerPartner + clientListingPages + planWrites,
        maxPartnerPartitionPages + (long) Math.ceil((double) partners / RunPlanner.PARTNER_GROUP) * pagesPerPartner
            + planWrites + maxClientPartitionPages);

    // ---- a shard worker: the directory, its listing, per client its account facts then its employee users'
    // activities (a group's clients together), its partial items ----
    int shardListingPages = Math.max(1, pages((long) maxShardClients * GSI2_ROWS_PER_CLIENT * GSI2_ROW_BYTES));
    long perClient = pagesPerAccount + (long) EMPLOYEE_USERS * pagesPerEmployeeUser;
    long groups = (long) Math.ceil((double) maxShardClients / ShardWorker.CLIENT_GROUP);
    SortedMap<Long, PartnerSums> bucketSums = new TreeMap<>();
    int partnersOfShardInBucket = (int) Math.ceil(maxShardClients * PARTNERS_PER_CLIENT / buckets);
    int servicedPerShardPartner = 1 + (int) Math.ceil(maxShardClients * PARTNERS_PER_CLIENT / partners);
    for (int i = 0; i < partnersOfShardInBucket; i++) {
      bucketSums.put(partnerIds[i], sums(servicedPerShardPartner, asOf));
    }
    List<Map<String, AttributeValue>> partialParts = PartialSums.items(asOf, plan.plan(), 0, 0, bucketSums,
        new TreeMap<>(), 0);
    long partialItemBytes = partialParts.stream().mapToLong(i -> RunItems.bytes(AttributeValue.fromM(i))).sum();
    long shardWrites = (long) Math.ceil(buckets * partialParts.size() / 25.0);
    Cost shardCost = new Cost(directoryPages + shardListingPages + maxShardClients * perClient + shardWrites,
        directoryPages + shardListingPages + groups * perClient + shardWrites);

    // ---- a bucket: its partial sums, its partners' listing, per 25 partners their facts then their last
    // snapshot (together), a BatchWriteItem of their snapshots, PutEvents of 10 ----
    double eventsPerPartner = 1 + servicedPerPartner * EXPIRING;
    int bucketPartialPages = Math.max(1, pages(shards.size() * partialItemBytes));
    int bucketListingPages = Math.max(1, pages((long) partners / Keys.ENTITY_SHARDS * GSI2_ROWS_PER_PARTNER
        * GSI2_ROW_BYTES / (buckets / Keys.ENTITY_SHARDS)));
    long bucketGroups = (long) Math.ceil(maxBucket / (double) BucketPublisher.SNAPSHOT_BATCH);
    long bucketPutEvents = (long) Math.ceil(maxBucket * eventsPerPartner / 10);
    Cost bucketCost = new Cost(bucketPartialPages + bucketListingPages + (long) maxBucket * (pagesPerPartner + 1)
        + bucketGroups + bucketPutEvents,
        bucketPartialPages + bucketListingPages + bucketGroups * (pagesPerPartner + 1 + 1) + bucketPutEvents);
    Cost recordCost = new Cost(2, 2);

    // ---- what the state machine carries: the plan, then every shard's and bucket's result ----
    Map<String, Object> shardResult = new LinkedHashMap<>(new ShardWorker.ShardReport(shards.size() - 1,
        maxShardClients, partners, 0, buckets * partialParts.size()).toMap());
    shardResult.put("millis", 123_456);
    shardResult.put("dynamoDbRequests", 123_456);
    Map<String, Object> bucketResult = new LinkedHashMap<>();
    bucketResult.put("bucket", buckets - 1);
    bucketResult.putAll(new PublishReport(asOf, maxBucket, maxBucket, maxBucket * 3, 0, maxBucket, new TreeMap<>()).summary());
    bucketResult.put("millis", 123_456);
    bucketResult.put("dynamoDbRequests", 123_456);
    int planJson = JSON.std.asString(planOutput).length();
    int stateAtRecord = planJson + shards.size() * (JSON.std.asString(shardResult).length() + 1)
        + buckets * (JSON.std.asString(bucketResult).length() + 1) + 40;

    System.out.printf("HubSpot's size: %,d clients, %,d partners; latency model %d ms a round%n", clients, partners,
        MS_PER_ROUND);
    System.out.printf("  plan: %d shards (workers) of at most %,d clients (largest %,d), %d buckets (largest %,d"
        + " partners); the plan's JSON %,d bytes, the state at RecordRun %,d bytes (Step Functions' limit:"
        + " 262,144)%n", shards.size(), ShardPlanner.CLIENTS_PER_SHARD, maxShardClients, buckets, maxBucket, planJson,
        stateAtRecord);
    System.out.printf("  sizes: a client's account facts %,d bytes (%d page), an employee user's activities %,d"
        + " bytes (%d page), a partner's partition %,d bytes; the directory %,d bytes in %d parts (%d pages);"
        + " a shard's partial item for a bucket %,d bytes in %d part(s)%n", accountBytes, pagesPerAccount,
        employeeUserActivityBytes, pagesPerEmployeeUser, partnerItemBytes, directoryBytes, directoryParts,
        directoryPages, partialItemBytes, partialParts.size());
    System.out.printf("  %-22s %10s %8s %14s %16s%n", "step", "requests", "rounds", "model (rounds)",
        "one at a time");
    print("plan (1)", planCost);
    print("shard worker (" + shards.size() + ")", shardCost);
    print("bucket (" + buckets + ")", bucketCost);
    print("record (1)", recordCost);
    System.out.printf("  plan: %,d gsi2 pages (partners %d, clients %d), %,d partner Queries (%d at a time),"
        + " %d directory writes%n", partnerListingPages + clientListingPages, partnerListingPages, clientListingPages,
        (long) partners * pagesPerPartner, RunPlanner.PARTNER_GROUP, planWrites);
    System.out.printf("  shard: %d directory pages, %d gsi2 pages, %,d client Queries (%d a client: account facts"
        + " and %d employee users; %d clients at a time, %d groups), %d writes%n", directoryPages, shardListingPages,
        maxShardClients * perClient, perClient, EMPLOYEE_USERS, ShardWorker.CLIENT_GROUP, groups, shardWrites);
    System.out.printf("  bucket: %d partial-sum pages, %d gsi2 pages, %,d partner and snapshot Queries (%d partners"
        + " at a time), %d snapshot writes, %d PutEvents (%.1f events a partner)%n", bucketPartialPages,
        bucketListingPages, (long) maxBucket * (pagesPerPartner + 1), BucketPublisher.SNAPSHOT_BATCH, bucketGroups,
        bucketPutEvents, eventsPerPartner);
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
    List<List<Fact>> clientGroups = new ArrayList<>(); // ten groups, for a measure above the noise; a worker holds one
    for (int c = 0; c < 10 * ShardWorker.CLIENT_GROUP; c++) {
      clientGroups.add(clientAsRead(clientIds[c], asOf));
    }
    long groupHeap = (usedAfterGc() - before) / 10;
    before = usedAfterGc();
    Map<Long, PartnerSums> shardSums = new HashMap<>(); // what a worker adds up over its clients, by partner
    for (int i = 0; i < Math.min(partners, (int) (maxShardClients * PARTNERS_PER_CLIENT)); i++) {
      shardSums.put(partnerIds[i], sums(servicedPerShardPartner, asOf));
    }
    long shardSumsHeap = usedAfterGc() - before;
    before = usedAfterGc();
    Map<Long, PartnerSums> bucketState = new HashMap<>();
    for (int i = 0; i < maxBucket; i++) {
      bucketState.put(partnerIds[i], sums((int) Math.ceil(servicedPerPartner), asOf));
    }
    long bucketHeap = usedAfterGc() - before;
    System.out.printf("  heap held: shard worker %.1f MiB (the directory %.1f MiB + a group of %d clients as read"
        + " %.1f MiB + its partners' sums %.1f MiB); bucket %.1f MiB of sums (+ 25 partners' facts); the plan a"
        + " group of %d partners and one directory part; max heap %d MiB%n",
        mib(directoryHeap + groupHeap + shardSumsHeap), mib(directoryHeap), ShardWorker.CLIENT_GROUP, mib(groupHeap),
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

  /** The real cut of these clients into shards, each gsi2 partition in the index's (string) order. */
  static List<ClientShard> shards(ShardPlanner planner, long[] clientIds) {
    List<List<ClientShard>> byPartition = new ArrayList<>();
    for (int p = 0; p < Keys.ENTITY_SHARDS; p++) {
      int partition = p;
      String[] keys = Arrays.stream(clientIds).filter(id -> Keys.shardOf(id) == partition)
          .mapToObj(Keys::clientEntityStart).sorted().toArray(String[]::new);
      List<ClientShard> shards = new ArrayList<>();
      ShardPlanner.Cutter cutter = planner.cutter(p, shards);
      for (String key : keys) {
        cutter.accept(Keys.idAfter("CLIENT#", key));
      }
      cutter.finish();
      byPartition.add(shards);
    }
    return ShardPlanner.number(byPartition);
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

  /** A client as a shard reads it: its account facts (all its users) and its employee users' activities. */
  private static List<Fact> clientAsRead(long client, Instant asOf) {
    List<Fact> facts = new ArrayList<>();
    Instant at = asOf.minus(Duration.ofDays(300));
    facts.add(new ClientUpserted("evt-" + client + "-upsert-000000000", at, client, "Client " + client,
        "client" + client + ".example", Currency.getInstance("USD")));
    facts.add(new SubscriptionChanged("evt-" + client + "-sub-000000000", at, client, Money.of("1000.00", "USD")));
    for (int u = 1; u <= EMPLOYEE_USERS + OWN_USERS; u++) {
      facts.add(new ClientUserAdded("evt-" + client + "-user-" + u + "-0000000", at, client, u,
          "firstname" + u + ".lastname@agency" + client + ".com"));
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
}
