package com.partnercredit.publisher;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.TemplateTable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The publisher's budget (issue 6): a table of 10,000 clients, 1,000 partners and 60,000 activities
 * in the emulator, written with BatchWriteItem, then one full run, reporting DynamoDB requests by
 * kind, PutEvents calls, wall time and peak heap (the heap pools' peak during the run, reset before
 * it). Run it with a 256 MiB heap to show the run fits:
 *
 * <pre>
 * mvn -B -q -pl functions/points-publisher -am install -DskipTests
 * cd functions/points-publisher && MAVEN_OPTS=-Xmx256m mvn -B -q exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.partnercredit.publisher.PublisherBenchmark
 * </pre>
 *
 * Each client has a USD subscription and one or two users who are employees of partners (so about
 * 1.5 partners per client, some clients shared), and six activities of those users in the last 55
 * days; each partner has three employees and one sold deal.
 */
public final class PublisherBenchmark {
  /** {@code -Dscale=0.1} for a tenth of the data set (moto scans its whole table on every Query). */
  static final double SCALE = Double.parseDouble(System.getProperty("scale", "1"));
  static final int PARTNERS = (int) Math.round(1_000 * SCALE);
  static final int CLIENTS = (int) Math.round(10_000 * SCALE);
  static final int ACTIVITIES_PER_CLIENT = 6;
  static final int EMPLOYEES_PER_PARTNER = 3;

  private PublisherBenchmark() {}

  public static void main(String[] args) throws Exception {
    Emulator emulator = Emulator.shared();
    String table = "publisher-benchmark-" + System.currentTimeMillis();
    RequestCounter dynamoCalls = new RequestCounter();
    RequestCounter eventCalls = new RequestCounter();
    DynamoDbClient dynamo = emulator.newDynamoDbClient(dynamoCalls);
    TemplateTable.fromTemplate().create(dynamo, table);
    EventBridgeClient events = EventBridgeClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(emulator.endpoint())
        .region(emulator.region())
        .credentialsProvider(emulator.credentials())
        .overrideConfiguration(c -> c.addExecutionInterceptor(eventCalls))
        .build();
    String bus = table;
    events.createEventBus(b -> b.name(bus));
    Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    long started = System.nanoTime();
    BatchWriter writer = new BatchWriter(dynamo, table);
    int activities = generate(new StoredFacts(writer), asOf);
    System.out.printf("generated %d partners, %d clients, %d activities in %d s (%s)%n",
        PARTNERS, CLIENTS, activities, (System.nanoTime() - started) / 1_000_000_000, dynamoCalls);

    RuleTables rules = RuleTablesLoader.fromClasspath();
    Publisher publisher = new Publisher(new FactStore(dynamo, table, Clock.systemUTC()), new CreditEngine(rules),
        rules, new SnapshotStore(dynamo, table, writer), new EventBus(events, bus),
        new PartitionMentions(dynamo, table));
    dynamoCalls.clear();
    eventCalls.clear();
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);

    started = System.nanoTime();
    PublishReport report = publisher.publish(asOf, Publisher.Observer.NONE);
    long millis = (System.nanoTime() - started) / 1_000_000;

    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.println("one full run as of " + asOf + " against " + emulator);
    System.out.printf("  clients read %d, snapshots %d, events %d, failed partners %d%n",
        report.clients(), report.snapshots(), report.events(), report.failedPartners().size());
    System.out.println("  DynamoDB requests by kind: " + dynamoCalls.snapshot() + " (total " + dynamoCalls.total() + ")");
    System.out.println("  EventBridge requests: " + eventCalls.snapshot());
    System.out.printf("  wall time: %.1f s%n", millis / 1000.0);
    System.out.printf("  heap: %d MiB used before the run, peak %d MiB during it (sum of the heap pools' peaks),"
        + " max heap %d MiB%n", before >> 20, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    dynamo.deleteTable(b -> b.tableName(table));
    events.deleteEventBus(b -> b.name(bus));
    System.exit(0);
  }

  /** Writes the data set; returns the number of activities. */
  static int generate(StoredFacts stored, Instant asOf) throws Exception {
    Scenario facts = StoredFacts.scenario();
    Random random = new Random(6);
    Instant longAgo = asOf.minus(Duration.ofDays(400));
    for (long p = 1; p <= PARTNERS; p++) {
      facts.partner(p, "partner" + p + ".example", longAgo);
      for (int e = 1; e <= EMPLOYEES_PER_PARTNER; e++) {
        facts.employeeAdded(p, e, email(p, e), longAgo);
      }
      facts.dealSold(p, 100_000 + p, "1000.00", "USD", DealKind.SOURCED, asOf.minus(Duration.ofDays(random.nextInt(300))));
    }
    int activities = 0;
    for (long c = 100_001; c <= 100_000 + CLIENTS; c++) {
      facts.client(c, "USD", (100 + random.nextInt(50) * 100) + ".00", longAgo);
      int users = random.nextInt(2) + 1;
      for (int u = 1; u <= users; u++) {
        long partner = 1 + random.nextInt(PARTNERS);
        facts.userAdded(c, u, email(partner, 1 + random.nextInt(EMPLOYEES_PER_PARTNER)), longAgo);
      }
      for (int a = 0; a < ACTIVITIES_PER_CLIENT; a++) {
        facts.activity(c, 1 + random.nextInt(users), asOf.minus(Duration.ofMinutes(1 + random.nextInt(55 * 24 * 60))));
        activities++;
      }
    }
    stored.store(facts);
    return activities;
  }

  private static String email(long partner, int employee) {
    return "employee" + employee + "@partner" + partner + ".example";
  }
}
