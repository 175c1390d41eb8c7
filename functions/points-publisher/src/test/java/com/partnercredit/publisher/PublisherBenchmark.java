package com.partnercredit.publisher;

import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.BatchWriter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The publisher's budget (issue 11): a table of 10,000 clients and 1,000 partners in the emulator,
 * its read model built from the facts (as the table's stream would: {@link ReadModelBuild}, measured
 * apart from the run), then one run: an execution of template.yaml's {@code PublisherStateMachine} in this process, its
 * tasks invoking the step handlers one after another ({@link InProcessRun}), reporting per kind of
 * step (plan, shard, bucket, record) the DynamoDB requests by kind, the PutEvents calls, the wall time
 * and the peak heap (the heap pools' peak during the step, reset after a GC before it), and the number
 * of shards (workers) and buckets. Run it with a 256 MiB heap (docs/benchmarks.md has the commands).
 *
 * <p>Each client has a USD subscription, one or two users who are employees of partners (so about 1.5
 * partners per client, some clients shared) with {@value #ACTIVITIES_PER_CLIENT} activities between
 * them, and {@value #OWN_USERS} users of its own staff with {@value #OWN_ACTIVITIES_PER_CLIENT}
 * activities between them, all in the last 55 days; each partner has three employees and one sold
 * deal. {@code -Dscale=0.1} gives a tenth (1,000 clients, 100 partners).
 */
public final class PublisherBenchmark {
  static final double SCALE = Double.parseDouble(System.getProperty("scale", "1"));
  static final int PARTNERS = (int) Math.round(1_000 * SCALE);
  static final int CLIENTS = (int) Math.round(10_000 * SCALE);
  static final int ACTIVITIES_PER_CLIENT = 6;
  static final int OWN_USERS = 5;
  static final int OWN_ACTIVITIES_PER_CLIENT = 20;
  static final int EMPLOYEES_PER_PARTNER = 3;
  /** Clients written per scenario: the data set is never in memory at once. */
  static final int CLIENTS_PER_BATCH = 500;
  /** The latency model of issue 11: 8 ms a request round. */
  static final int MS_PER_REQUEST = 8;

  private static final Map<String, String> STEP_OF = Map.of(
      "PointsPublisherFunction", "plan", "PublisherShardFunction", "shard",
      "PublisherFinishFunction", "bucket", "PublisherRecordFunction", "record");

  private PublisherBenchmark() {}

  /** What one step cost. */
  record StepCost(String step, Map<String, Integer> requests, int putEvents, long millis, long peakHeapBytes) {
    int dynamoRequests() {
      return requests.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  public static void main(String[] args) throws Exception {
    Emulator emulator = Emulator.shared();
    String table = "publisher-benchmark-" + System.currentTimeMillis();
    RequestCounter dynamoCalls = new RequestCounter();
    RequestCounter eventCalls = new RequestCounter();
    DynamoDbClient dynamo = emulator.newDynamoDbClient(dynamoCalls);
    TemplateTable.fromTemplate().create(dynamo, table);
    EventBridgeClient events = emulator.configure(EventBridgeClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(eventCalls))
        .build();
    String bus = table;
    events.createEventBus(b -> b.name(bus));
    Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    long started = System.nanoTime();
    int[] written = generate(new StoredFacts(new BatchWriter(dynamo, table)), asOf);
    System.out.printf("generated %d partners, %d clients (%d own users each), %d activities (%d of the clients'"
        + " own staff) in %d s (%s)%n", PARTNERS, CLIENTS, OWN_USERS, written[0], written[1],
        (System.nanoTime() - started) / 1_000_000_000, dynamoCalls);

    dynamoCalls.clear();
    started = System.nanoTime();
    int items = ReadModelBuild.upToDate(dynamo, table, Clock.systemUTC());
    System.out.printf("read model built: %d clients recomputed, %d items written in %d s (%s)%n", CLIENTS, items,
        (System.nanoTime() - started) / 1_000_000_000, dynamoCalls);

    Meter meter = new Meter(dynamoCalls, eventCalls);
    InProcessRun run = new InProcessRun(dynamo, table, Clock.systemUTC(), events, bus, ShardPlanner.standard(),
        ShardWorker.PARTNER_GROUP).around(meter);
    long runStarted = System.nanoTime();
    Map<String, Object> report = run.run(asOf);
    long runMillis = (System.nanoTime() - runStarted) / 1_000_000;
    Map<String, Object> plan = run.plan();

    System.out.println("one run as of " + asOf + " against " + emulator + ", max heap "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    System.out.printf("  plan: %s partners, %s shards (workers) of at most %d partners, %s buckets; the read model"
        + " reflects the facts answered before %s%n", plan.get("partners"), plan.get("shardCount"),
        ShardPlanner.PARTNERS_PER_SHARD, plan.get("bucketCount"), plan.get("changesUntil"));
    System.out.printf("  published: %s snapshots, %s events in %s PutEvents, %s failed partners; read-model items"
        + " read %s%n",
        report.get("snapshots"), report.get("events"), report.get("putEventsCalls"), report.get("failedCount"),
        report.get("clients"));
    System.out.printf("  %-10s %6s %10s %8s %12s  %s%n", "step", "steps", "max reqs", "max ms", "max heap MiB",
        "requests by kind (all steps of the kind)");
    for (String kind : List.of("plan", "shard", "bucket", "record")) {
      meter.print(kind);
    }
    Map<String, Integer> total = new TreeMap<>();
    meter.costs.forEach(c -> c.requests().forEach((k, v) -> total.merge(k, v, Integer::sum)));
    System.out.println("  DynamoDB requests by kind, whole run: " + total + " (total "
        + total.values().stream().mapToInt(Integer::intValue).sum() + "); PutEvents "
        + meter.costs.stream().mapToInt(StepCost::putEvents).sum());
    long critical = meter.max("plan", StepCost::millis) + meter.max("shard", StepCost::millis)
        + meter.max("bucket", StepCost::millis) + meter.max("record", StepCost::millis);
    System.out.printf("  wall time: %.1f s in one process, steps one after another; %.1f s on the critical path"
        + " (plan + slowest shard + slowest bucket + record, as the state machine runs shards and buckets in"
        + " parallel)%n", runMillis / 1000.0, critical / 1000.0);
    System.out.printf("  peak heap of any step: %d MiB (plan %d, shard %d, bucket %d, record %d)%n",
        meter.maxAll(StepCost::peakHeapBytes) >> 20, meter.max("plan", StepCost::peakHeapBytes) >> 20,
        meter.max("shard", StepCost::peakHeapBytes) >> 20, meter.max("bucket", StepCost::peakHeapBytes) >> 20,
        meter.max("record", StepCost::peakHeapBytes) >> 20);
    System.out.printf("  latency model (%d ms a request, one at a time): plan %.1f s, worst shard %.1f s,"
        + " worst bucket %.1f s%n", MS_PER_REQUEST,
        meter.max("plan", c -> (long) c.dynamoRequests()) * MS_PER_REQUEST / 1000.0,
        meter.max("shard", c -> (long) c.dynamoRequests()) * MS_PER_REQUEST / 1000.0,
        meter.max("bucket", c -> (long) c.dynamoRequests() + c.putEvents()) * MS_PER_REQUEST / 1000.0);
    dynamo.deleteTable(b -> b.tableName(table));
    events.deleteEventBus(b -> b.name(bus));
    System.exit(0);
  }

  /** Measures each step's invocation, one at a time: requests, PutEvents, wall time and the heap's peak. */
  static final class Meter implements InProcessRun.Around {
    final RequestCounter dynamoCalls;
    final RequestCounter eventCalls;
    final List<StepCost> costs = new ArrayList<>();
    private final List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();

    Meter(RequestCounter dynamoCalls, RequestCounter eventCalls) {
      this.dynamoCalls = dynamoCalls;
      this.eventCalls = eventCalls;
    }

    @Override
    public Object invoke(String function, java.util.concurrent.Callable<Object> call) throws Exception {
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      dynamoCalls.clear();
      eventCalls.clear();
      long started = System.nanoTime();
      Object result = call.call();
      long millis = (System.nanoTime() - started) / 1_000_000;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      costs.add(new StepCost(STEP_OF.getOrDefault(function, function), dynamoCalls.snapshot(),
          eventCalls.count("PutEvents"), millis, peak));
      return result;
    }

    long max(String kind, ToLongFunction<StepCost> f) {
      return costs.stream().filter(c -> c.step().equals(kind)).mapToLong(f).max().orElse(0);
    }

    long maxAll(ToLongFunction<StepCost> f) {
      return costs.stream().mapToLong(f).max().orElse(0);
    }

    void print(String kind) {
      List<StepCost> of = costs.stream().filter(c -> c.step().equals(kind)).toList();
      Map<String, Integer> byKind = new TreeMap<>();
      of.forEach(c -> c.requests().forEach((k, v) -> byKind.merge(k, v, Integer::sum)));
      int putEvents = of.stream().mapToInt(StepCost::putEvents).sum();
      if (putEvents > 0) {
        byKind.put("PutEvents", putEvents);
      }
      System.out.printf("  %-10s %6d %10d %8d %12d  %s%n", kind, of.size(),
          max(kind, c -> (long) c.dynamoRequests() + c.putEvents()), max(kind, StepCost::millis),
          max(kind, StepCost::peakHeapBytes) >> 20, byKind);
    }
  }

  /** Writes the data set, {@value #CLIENTS_PER_BATCH} clients at a time; returns {activities, own staff's}. */
  static int[] generate(StoredFacts stored, Instant asOf) throws Exception {
    Random random = new Random(6);
    Instant longAgo = asOf.minus(Duration.ofDays(400));
    Scenario facts = StoredFacts.scenario();
    for (long p = 1; p <= PARTNERS; p++) {
      facts.partner(p, "partner" + p + ".example", longAgo);
      for (int e = 1; e <= EMPLOYEES_PER_PARTNER; e++) {
        facts.employeeAdded(p, e, email(p, e), longAgo);
      }
      facts.dealSold(p, 100_000 + p, "1000.00", "USD", DealKind.SOURCED, asOf.minus(Duration.ofDays(random.nextInt(300))));
    }
    stored.store(facts);
    int activities = 0;
    int own = 0;
    for (long from = 100_001; from <= 100_000 + CLIENTS; from += CLIENTS_PER_BATCH) {
      facts = StoredFacts.scenario();
      for (long c = from; c < from + CLIENTS_PER_BATCH && c <= 100_000 + CLIENTS; c++) {
        facts.client(c, "USD", (100 + random.nextInt(50) * 100) + ".00", longAgo);
        int employees = random.nextInt(2) + 1;
        for (int u = 1; u <= employees; u++) {
          long partner = 1 + random.nextInt(PARTNERS);
          facts.userAdded(c, u, email(partner, 1 + random.nextInt(EMPLOYEES_PER_PARTNER)), longAgo);
        }
        for (int u = 1; u <= OWN_USERS; u++) { // the client's own staff: never a partner employee
          facts.userAdded(c, 100 + u, "staff" + u + "@client" + c + ".example", longAgo);
        }
        for (int a = 0; a < ACTIVITIES_PER_CLIENT; a++) {
          facts.activity(c, 1 + random.nextInt(employees), asOf.minus(Duration.ofMinutes(1 + random.nextInt(55 * 24 * 60))));
          activities++;
        }
        for (int a = 0; a < OWN_ACTIVITIES_PER_CLIENT; a++) {
          facts.activity(c, 101 + random.nextInt(OWN_USERS), asOf.minus(Duration.ofMinutes(1 + random.nextInt(55 * 24 * 60))));
          activities++;
          own++;
        }
      }
      stored.store(facts);
    }
    return new int[] {activities, own};
  }

  private static String email(long partner, int employee) {
    return "employee" + employee + "@partner" + partner + ".example";
  }
}
