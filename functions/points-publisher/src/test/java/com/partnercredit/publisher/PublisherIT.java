package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.Scenario;
import com.partnercredit.domain.SubscriptionChanged;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.ReadVolume;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.StateMachineRun;
import com.partnercredit.testsupport.TemplateTable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The fanned-out publisher against the emulator (DynamoDB and EventBridge), run as AWS runs it: an
 * execution of template.yaml's {@code PublisherStateMachine} whose tasks invoke the four step
 * handlers ({@link InProcessRun}), with shards of four partners and groups of two, each partner
 * evaluated from the read model, which each test brings up to date after storing its facts
 * ({@link ReadModelBuild}), as the table's stream would; real reads, real working items, real snapshots,
 * real PutEvents calls, captured on their way out. Retries and re-runs go through the handlers with
 * the very inputs the state machine gave them. Activities are placed near the wall clock, because the
 * store treats those past their 60-day TTL as gone. Tests share the class's table, so each works on
 * its own partners and clients; a run publishes every partner in the table.
 */
class PublisherIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);
  private static final String SHARD = "PublisherShardFunction";
  private static final String FINISH = "PublisherFinishFunction";

  private static EventBridgeClient events;
  private static final CapturedEvents CAPTURED = new CapturedEvents();
  private static String bus;

  private DynamoDbClient dynamo;
  private FactStore store;
  private SnapshotStore snapshots;
  private BatchWriter writer;
  private StoredFacts stored;
  private Scenario facts;
  private InProcessRun publisher;
  /** The last test's time: each test runs as of its own second, so that no test finds another's run (its events put). */
  private static Instant lastAsOf = Instant.EPOCH;
  private final Instant asOf = nextAsOf();

  private static synchronized Instant nextAsOf() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    lastAsOf = now.isAfter(lastAsOf) ? now : lastAsOf.plusSeconds(1);
    return lastAsOf;
  }

  @BeforeAll
  static void createTheBus() {
    Emulator emulator = Emulator.shared();
    events = emulator.configure(EventBridgeClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(CAPTURED))
        .build();
    bus = "partner-credit-it-" + UUID.randomUUID().toString().substring(0, 8);
    events.createEventBus(b -> b.name(bus));
  }

  @AfterAll
  static void deleteTheBus() {
    events.deleteEventBus(b -> b.name(bus));
    events.close();
  }

  @BeforeEach
  void setUp() {
    dynamo = DYNAMO.client();
    String table = DYNAMO.tableName();
    store = new FactStore(dynamo, table, Clock.systemUTC());
    writer = new BatchWriter(dynamo, table);
    snapshots = new SnapshotStore(dynamo, table, writer);
    stored = new StoredFacts(writer);
    facts = StoredFacts.scenario();
    publisher = run(dynamo, Clock.systemUTC());
    CAPTURED.clear();
  }

  /**
   * Shards of four partners, 8 buckets, groups of two partners. A fixture's partners have consecutive
   * ids, so they are in different gsi2 partitions, hence in different shards.
   */
  private InProcessRun run(DynamoDbClient client, Clock clock) {
    return new InProcessRun(client, DYNAMO.tableName(), clock, events, bus, new ShardPlanner(4, 1_000), 2);
  }

  /** Stores the facts so far and brings the read model up to date, as the table's stream would. */
  private void store() throws Exception {
    stored.store(facts);
    ReadModelBuild.upToDate(dynamo, DYNAMO.tableName(), Clock.systemUTC());
  }

  /** A partner registered 200 days ago with one employee, alice; returns alice's email. */
  private String agencyWithAlice(long partner) {
    String alice = "alice@agency" + partner + ".com";
    facts.partner(partner, "agency" + partner + ".com", ago(days(200))).employeeAdded(partner, 901, alice, ago(days(200)));
    return alice;
  }

  private long id() {
    return IDS.incrementAndGet();
  }

  private Instant ago(Duration d) {
    return asOf.minus(d);
  }

  private static Duration days(long n) {
    return Duration.ofDays(n);
  }

  /**
   * Two partners sharing a client, across several groups of two clients, each client with a user of its
   * own staff too; returns {p1, p2, c1, c2}.
   */
  private long[] twoPartnersSharingAClient() throws Exception {
    long p1 = id();
    long p2 = id();
    long c1 = id();
    long c2 = id();
    long c3 = id();
    String alice = "alice@agency" + p1 + ".com";
    String bob = "bob@studio" + p2 + ".com";
    facts.partner(p1, "agency" + p1 + ".com", ago(days(200)))
        .employeeAdded(p1, 901, alice, ago(days(200)))
        .partner(p2, "studio" + p2 + ".com", ago(days(200)))
        .employeeAdded(p2, 902, bob, ago(days(200)))
        .client(c1, "USD", "1000.00", ago(days(100)))
        .client(c2, "USD", "2000.00", ago(days(100)))
        .client(c3, "USD", "500.00", ago(days(100)))
        .userAdded(c1, 11, alice, ago(days(90)))
        .userAdded(c1, 12, bob, ago(days(90)))
        .userAdded(c1, 13, "owner@client" + c1 + ".example", ago(days(90))) // the client's own staff
        .userAdded(c2, 21, alice, ago(days(90)))
        .activity(c1, 11, ago(days(2)))
        .activity(c1, 12, ago(days(55)))
        .activity(c1, 13, ago(days(1)))
        .activity(c2, 21, ago(Duration.ofHours(1)))
        .dealSold(p1, c3, "1000.00", "USD", DealKind.SOURCED, ago(days(3)));
    store();
    return new long[] {p1, p2, c1, c2};
  }

  /**
   * A partner servicing EUR clients (88 EUR per US$100: points that are no finite decimal) on clients
   * spread over several shards, one of them shared with a second partner; returns {p1, p2}.
   */
  private long[] aPartnerWithFractionalPointsOnManyShards() throws Exception {
    long p1 = id();
    long p2 = id();
    String carol = "carol@eu" + p1 + ".com";
    String dan = "dan@eu" + p2 + ".com";
    facts.partner(p1, "eu" + p1 + ".com", ago(days(200))).employeeAdded(p1, 903, carol, ago(days(200)))
        .partner(p2, "eu" + p2 + ".com", ago(days(200))).employeeAdded(p2, 904, dan, ago(days(200)));
    for (int k = 0; k < 7; k++) {
      long client = id();
      facts.client(client, "EUR", (100 + 7 * k) + ".00", ago(days(100)))
          .userAdded(client, 31, carol, ago(days(90)))
          .userAdded(client, 32, "staff" + k + "@client" + client + ".example", ago(days(90))) // the client's own staff
          .activity(client, 31, ago(days(1 + k)))
          .activity(client, 32, ago(days(2 + k)));
      if (k % 3 == 0) {
        facts.userAdded(client, 33, dan, ago(days(90))).activity(client, 33, ago(days(4)));
      }
    }
    facts.dealSold(p2, id(), "300.00", "EUR", DealKind.SOURCED, ago(days(10)));
    store();
    return new long[] {p1, p2};
  }

  private List<Map<String, Object>> detailsOf(long partnerId) throws Exception {
    List<Map<String, Object>> details = new ArrayList<>();
    for (PutEventsRequestEntry entry : CAPTURED.entries) {
      Map<String, Object> detail = JSON.std.mapFrom(entry.detail());
      if (((Number) detail.get("partnerId")).longValue() == partnerId) {
        assertEquals("partner-credit", entry.source());
        assertEquals(bus, entry.eventBusName());
        assertEquals(asOf, entry.time());
        detail.put("detail-type", entry.detailType());
        details.add(detail);
      }
    }
    return details;
  }

  /** The events put for a partner, as {@code <detail-type> <detail JSON>}, in the order they were put. */
  private List<String> eventsOf(long partnerId) {
    return CAPTURED.entries.stream().filter(e -> e.detail().startsWith("{\"partnerId\":" + partnerId + ","))
        .map(e -> e.detailType() + " " + e.detail()).toList();
  }

  /** The partner's snapshot and events as evaluating it alone, with all its facts, gives. */
  private record Alone(Snapshot snapshot, List<String> events) {}

  private Alone alone(long partnerId) throws Exception {
    PartnerResult result = PartnerResult.of(InProcessRun.ENGINE.evaluate(store.factsForPartner(partnerId).orElseThrow(),
        asOf).partner(partnerId).orElseThrow());
    Snapshot snapshot = result.snapshot(asOf);
    return new Alone(snapshot, PublishedEvents.of(result, snapshot, snapshots.before(partnerId, Snapshot.dayOf(asOf)))
        .stream().map(e -> e.detailType() + " " + e.detailJson()).toList());
  }

  @Test
  void everyPartnersSnapshotAndEventsEqualEvaluatingItAloneWithAllItsFacts() throws Exception {
    long[] a = twoPartnersSharingAClient();
    long[] b = twoPartnersSharingAClient();
    long[] fractional = aPartnerWithFractionalPointsOnManyShards();

    Map<String, Object> run = publisher.run(asOf);

    assertTrue(((Number) publisher.plan().get("shardCount")).intValue() >= 8, "several shards: " + publisher.plan());
    for (long partner : new long[] {a[0], a[1], b[0], b[1], fractional[0], fractional[1]}) {
      assertFalse(run.get("failedPartners").toString().contains("partnerId=" + partner + ","), run.toString());
      Alone alone = alone(partner);
      assertEquals(alone.snapshot(), snapshots.of(partner, Snapshot.dayOf(asOf)).orElseThrow(), "partner " + partner);
      assertEquals(alone.events(), eventsOf(partner), "partner " + partner);
    }
    assertTrue(partialItems().values().stream().anyMatch(item -> item.get(Attr.SUMS).m().values().stream()
            .anyMatch(s -> s.m().get(Attr.EXACT_MANAGED).s().contains("/"))),
        "EUR at 88 per US$100 gives partial sums that are no finite decimal, stored as exact fractions");
  }

  @Test
  void theExecutionRunsThePlanEveryShardEveryBucketThenRecordsTheRun() throws Exception {
    twoPartnersSharingAClient();

    Map<String, Object> run = publisher.run(asOf);

    Map<String, Object> plan = publisher.plan();
    int shards = ((Number) plan.get("shardCount")).intValue();
    int buckets = ((Number) plan.get("bucketCount")).intValue();
    List<String> states = publisher.invocations().stream().map(StateMachineRun.Invocation::state).toList();
    List<String> expected = new ArrayList<>();
    expected.add("Plan");
    for (int s = 0; s < shards; s++) {
      expected.add("EvaluateShard");
    }
    for (int b = 0; b < buckets; b++) {
      expected.add("PublishBucket");
    }
    expected.add("RecordRun");
    assertEquals(expected, states);
    assertEquals(asOf.toString(), run.get("asOf"));
    assertEquals(shards, run.get("shards"));
    assertEquals(buckets, run.get("buckets"));
    assertTrue(((Number) run.get("snapshots")).intValue() >= 2, run.toString());
    assertEquals(CAPTURED.entries.size(), run.get("events"));
  }

  @Test
  void snapshotAndPartnerTierPointsCarryThePartnersFigures() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    long p1 = ids[0];
    long p2 = ids[1];

    publisher.run(asOf);

    Map<String, Object> tierPoints = detailsOf(p1).get(0);
    assertEquals("PartnerTierPoints", tierPoints.get("detail-type"));
    assertEquals(asOf.toString(), tierPoints.get("asOf"));
    assertEquals(Map.of("managed", "25.00", "sold", "50.00", "total", "75.00"), tierPoints.get("points"));
    assertEquals(Map.of("newManaged", "25.00", "lostManaged", "0.00", "newSold", "50.00", "lostSold", "0.00"),
        tierPoints.get("change"), "no previous snapshot: everything is new");
    assertTrue(tierPoints.containsKey("previousTier"), "the contract's field is there, null on a first publication");
    assertNull(tierPoints.get("previousTier"));
    assertEquals(2, tierPoints.get("clients"));

    Snapshot snapshot = snapshots.of(p1, Snapshot.dayOf(asOf)).orElseThrow();
    assertEquals(tierPoints.get("tier"), snapshot.tier().name());
    assertEquals("25.00", snapshot.managed().toPlainString());
    assertEquals(Map.of(ids[2], new BigDecimal("5.00"), ids[3], new BigDecimal("20.00")), snapshot.managedByClient());
    assertEquals("5.00", ((Map<?, ?>) detailsOf(p2).get(0).get("points")).get("managed"));
  }

  /** Every item of partition {@code pk}. */
  private List<Map<String, AttributeValue>> partition(String pk) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamo.queryPaginator(q -> q.tableName(DYNAMO.tableName()).consistentRead(true)
        .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
        .items().forEach(items::add);
    return items;
  }

  private int buckets() {
    return ((Number) publisher.plan().get("bucketCount")).intValue();
  }

  /** The partial-sum items of the last run, by key, all buckets. */
  private Map<String, Map<String, AttributeValue>> partialItems() {
    return bucketItems(b -> Keys.runPartials(asOf.toEpochMilli(), b));
  }

  /** The markers of the events put for the run of {@code asOf}, by key, all buckets. */
  private Map<String, Map<String, AttributeValue>> markerItems() {
    return bucketItems(b -> Keys.runEventsPut(asOf.toEpochMilli(), b));
  }

  /** The items of every bucket's partition ({@code partitionOf} a bucket), by key. */
  private Map<String, Map<String, AttributeValue>> bucketItems(IntFunction<String> partitionOf) {
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    for (int b = 0; b < buckets(); b++) {
      for (Map<String, AttributeValue> item : partition(partitionOf.apply(b))) {
        items.put(item.get(Attr.PK).s() + " " + item.get(Attr.SK).s(), item);
      }
    }
    return items;
  }

  /** Every working item of the last run (its directory, every partial sum, every event's marker), by key. */
  private Map<String, Map<String, AttributeValue>> workingItems() {
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>(partialItems());
    items.putAll(markerItems());
    for (Map<String, AttributeValue> item : partition(Keys.runDirectory(asOf.toEpochMilli()))) {
      items.put(item.get(Attr.PK).s() + " " + item.get(Attr.SK).s(), item);
    }
    return items;
  }

  @Test
  void theRunsWorkingItemsAreNeverReadAsFactsNorListedAsEntitiesAndExpireInAFewDays() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    var partnerBefore = store.partnerFacts(ids[0]);
    var clientBefore = store.clientFacts(ids[2]);

    publisher.run(asOf);

    Map<String, Map<String, AttributeValue>> working = workingItems();
    int shards = ((Number) publisher.plan().get("shardCount")).intValue();
    assertEquals(shards * buckets(), partialItems().size(), "one partial item per shard and bucket");
    assertTrue(working.size() >= shards * buckets() + 2, "and a directory: a head and a part at least");
    assertEquals(CAPTURED.entries.size(), markerItems().size(), "and a marker per event put");
    for (Map<String, AttributeValue> item : working.values()) {
      assertFalse(item.containsKey(Attr.GSI1PK) || item.containsKey(Attr.GSI2PK), "never listed: " + item.get(Attr.SK));
      long expiresAt = Long.parseLong(item.get(Attr.EXPIRES_AT).n());
      assertEquals(asOf.plus(days(3)).getEpochSecond(), expiresAt, "kept 3 days after the run's time");
    }
    assertEquals(partnerBefore, store.partnerFacts(ids[0]));
    assertEquals(clientBefore, store.clientFacts(ids[2]));
    List<Long> partners = new ArrayList<>();
    store.forEachPartner(partners::add);
    List<Long> clients = new ArrayList<>();
    store.forEachClient(clients::add);
    assertEquals(partners.stream().distinct().count(), partners.size());
    assertEquals(clients.stream().distinct().count(), clients.size());
    assertTrue(partners.contains(ids[0]) && clients.contains(ids[2]));
  }

  @Test
  void aReRunOfTheSameTimeRewritesTheSameSnapshotsAndPutsNoEvent() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    long[] fractional = aPartnerWithFractionalPointsOnManyShards();
    Map<String, Object> first = publisher.run(asOf);
    Map<String, Map<String, AttributeValue>> workingBefore = workingItems();
    Map<Long, Map<String, AttributeValue>> snapshotsBefore = snapshotItems(ids[0], ids[1], fractional[0], fractional[1]);
    int put = CAPTURED.entries.size();
    assertEquals(2, detailsOf(ids[1]).size(), "PartnerTierPoints and the expiring C1");
    CAPTURED.clear();

    Map<String, Object> again = publisher.run(asOf);

    assertEquals(workingBefore, workingItems(), "the same plan, directory, partial sums and markers, item for item");
    assertEquals(snapshotsBefore, snapshotItems(ids[0], ids[1], fractional[0], fractional[1]));
    assertEquals(List.of(), allEvents(), "every event was put by the first run");
    assertEquals(0, CAPTURED.calls);
    assertEquals(put, first.get("events"));
    assertEquals(0, first.get("eventsAlreadyPut"));
    assertEquals(0, again.get("events"));
    assertEquals(put, again.get("eventsAlreadyPut"));
    assertEquals(0, again.get("putEventsCalls"));
    for (String same : List.of("asOf", "outcome", "partners", "clients", "shards", "buckets", "snapshots",
        "failedCount", "failedPartners")) {
      assertEquals(first.get(same), again.get(same), same);
    }
  }

  @Test
  void aReRunAfterAFactChangedPutsOnlyTheEventsWhoseContentChanged() throws Exception {
    long partner = id();
    long c1 = id();
    long c2 = id();
    String alice = agencyWithAlice(partner);
    for (long client : new long[] {c1, c2}) {
      facts.client(client, "USD", "1000.00", ago(days(100)))
          .userAdded(client, 11, alice, ago(days(90)))
          .activity(client, 11, ago(days(55))); // credit ends in 5 days: expiring
    }
    store();
    publisher.run(asOf);
    List<String> first = eventsOf(partner);
    assertEquals(3, first.size(), "PartnerTierPoints and C1, C2 expiring: " + first);
    CAPTURED.clear();

    // C1's subscription changed before asOf, recorded only after the first run: its points change
    facts.add(new SubscriptionChanged("fx-sub-" + c1, ago(days(50)), c1, Money.of("2000.00", "USD")));
    store();
    Map<String, Object> again = publisher.run(asOf);

    List<String> changed = eventsOf(partner);
    assertEquals(2, changed.size(), "PartnerTierPoints and C1, whose points changed; not C2: " + changed);
    assertTrue(changed.get(0).startsWith("PartnerTierPoints ") && !first.contains(changed.get(0)), changed.toString());
    assertTrue(changed.get(1).contains("\"clientId\":" + c1 + ",") && !first.contains(changed.get(1)), changed.toString());
    assertEquals(alone(partner).events().subList(0, 2), changed, "as evaluating it alone with all its facts");
    assertEquals(CAPTURED.entries.size(), again.get("events"));
    publisher.run(asOf);
    assertEquals(changed, eventsOf(partner), "and once: a third run puts nothing more");
  }

  @Test
  void aBucketRetriedAfterItsSecondPutEventsFailedPutsOnlyTheEventsNotPutYet() throws Exception {
    long partner = id();
    String alice = "alice@agency" + partner + ".com";
    facts.partner(partner, "agency" + partner + ".com", ago(days(200)))
        .employeeAdded(partner, 901, alice, ago(days(200)));
    for (int k = 0; k < 12; k++) {
      long client = id();
      facts.client(client, "USD", "1000.00", ago(days(100)))
          .userAdded(client, 11, alice, ago(days(90)))
          .activity(client, 11, ago(days(55))); // credit ends in 5 days: 12 ManagedCreditExpiring
    }
    store();
    FailSecondCallWith failing = new FailSecondCallWith("{\"partnerId\":" + partner + ",");
    Emulator emulator = Emulator.shared();
    try (EventBridgeClient flaky = emulator.configure(EventBridgeClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(failing).addExecutionInterceptor(CAPTURED))
        .build()) {
      InProcessRun run = new InProcessRun(dynamo, DYNAMO.tableName(), Clock.systemUTC(), flaky, bus,
          new ShardPlanner(4, 1_000), 2);

      Map<String, Object> summary = run.run(asOf);

      List<StateMachineRun.Invocation> attempts = run.invocations().stream()
          .filter(i -> i.function().equals(FINISH)).toList();
      assertEquals(1, attempts.stream().filter(i -> i.error() != null).count(), "one bucket failed once, then was retried");
      assertEquals(1, failing.failed, "the second PutEvents call with the partner's events failed");
      int alreadyPut = ((Number) summary.get("eventsAlreadyPut")).intValue();
      assertTrue(alreadyPut > 0 && alreadyPut % 10 == 0,
          "the failed attempt's full calls before the failing one are not put again: " + summary);
      assertEquals(CAPTURED.entries.size(), ((Number) summary.get("events")).intValue() + alreadyPut,
          "the retry put the rest: " + summary);
    }
    List<String> put = allEvents();
    assertEquals(put.stream().distinct().toList(), put, "every event on the bus exactly once");
    assertEquals(alone(partner).events(), eventsOf(partner),
        "PartnerTierPoints and the 12 expiring clients, each once, in order");
  }

  /**
   * A bus that fails the second PutEvents call carrying events whose detail starts with {@code prefix}
   * (before it is sent: those entries are not put), once.
   */
  private static final class FailSecondCallWith implements ExecutionInterceptor {
    private final String prefix;
    private int calls;
    int failed;

    FailSecondCallWith(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (!(context.request() instanceof PutEventsRequest put)
          || failed > 0) {
        return;
      }
      if (put.entries().stream().anyMatch(e -> e.detail().startsWith(prefix)) && ++calls == 2) {
        failed++;
        throw SdkClientException.create("injected: the bus is unreachable");
      }
    }
  }

  private List<String> allEvents() {
    return CAPTURED.entries.stream().map(e -> e.detailType() + " " + e.detail()).toList();
  }

  private Map<Long, Map<String, AttributeValue>> snapshotItems(long... partners) {
    Map<Long, Map<String, AttributeValue>> items = new LinkedHashMap<>();
    for (long partner : partners) {
      items.put(partner, snapshotItem(partner));
    }
    return items;
  }

  @Test
  void aShardRetriedThroughItsHandlerChangesNothing() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    long[] fractional = aPartnerWithFractionalPointsOnManyShards();
    publisher.run(asOf);
    Map<String, Map<String, AttributeValue>> once = partialItems();
    Map<Long, Map<String, AttributeValue>> snapshotsBefore = snapshotItems(ids[0], ids[1], fractional[0], fractional[1]);
    StateMachineRun.Invocation retried = publisher.invocationsOf(SHARD).stream()
        .filter(i -> ((Number) ((Map<?, ?>) i.output()).get("clients")).intValue() > 0).findFirst().orElseThrow();

    Object firstRetry = publisher.invoke(SHARD, retried.input());
    Object secondRetry = publisher.invoke(SHARD, retried.input());

    assertEquals(once, partialItems(), "the retried shard overwrote its items with identical ones");
    for (String counted : List.of("shard", "clients", "partners", "failedPartners", "items")) {
      assertEquals(((Map<?, ?>) retried.output()).get(counted), ((Map<?, ?>) firstRetry).get(counted), counted);
      assertEquals(((Map<?, ?>) retried.output()).get(counted), ((Map<?, ?>) secondRetry).get(counted), counted);
    }
    for (StateMachineRun.Invocation bucket : publisher.invocationsOf(FINISH)) {
      publisher.invoke(FINISH, bucket.input());
    }
    assertEquals(snapshotsBefore, snapshotItems(ids[0], ids[1], fractional[0], fractional[1]));
  }

  @Test
  void aFinalStepRetriedThroughItsHandlerWritesTheSameSnapshotsAndPutsNoEventAgain() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    long[] fractional = aPartnerWithFractionalPointsOnManyShards();
    publisher.run(asOf);
    Map<Long, Map<String, AttributeValue>> snapshotsBefore = snapshotItems(ids[0], ids[1], fractional[0], fractional[1]);
    int put = CAPTURED.entries.size();
    List<StateMachineRun.Invocation> buckets = publisher.invocationsOf(FINISH);
    CAPTURED.clear();

    List<Object> again = new ArrayList<>();
    for (StateMachineRun.Invocation bucket : buckets) {
      again.add(publisher.invoke(FINISH, bucket.input()));
    }

    assertEquals(snapshotsBefore, snapshotItems(ids[0], ids[1], fractional[0], fractional[1]));
    assertEquals(List.of(), allEvents(), "each event was put once, by the first attempt");
    int alreadyPut = 0;
    for (int b = 0; b < buckets.size(); b++) {
      Map<?, ?> first = (Map<?, ?>) buckets.get(b).output();
      Map<?, ?> retry = (Map<?, ?>) again.get(b);
      for (String counted : List.of("bucket", "partners", "snapshots", "failedCount", "failedPartners")) {
        assertEquals(first.get(counted), retry.get(counted), counted);
      }
      assertEquals(0, retry.get("events"));
      assertEquals(first.get("events"), retry.get("eventsAlreadyPut"), "bucket " + b);
      alreadyPut += ((Number) retry.get("eventsAlreadyPut")).intValue();
    }
    assertEquals(put, alreadyPut);
  }

  @Test
  void theFinalStepRefusesARunWhoseShardDidNotCompleteAndPublishesNothing() throws Exception {
    long partner = twoPartnersSharingAClient()[0];
    Map<String, Object> plan = publisher.plan.handleRequest(InProcessRun.scheduledEvent(asOf), null);
    List<?> shards = (List<?>) plan.get("shards");
    for (Object shard : shards.subList(1, shards.size())) {
      publisher.invoke(SHARD, shardInput(plan, shard));
    }
    Map<String, Object> bucket = bucketInput(plan, ShardPlanner.bucketOf(partner, ((Number) plan.get("bucketCount")).intValue()));

    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> publisher.invoke(FINISH, bucket));

    assertTrue(refused.getCause() instanceof RunIncomplete, refused.toString());
    assertTrue(refused.getMessage().contains("shard 0"), refused.getMessage());
    assertTrue(snapshots.of(partner, Snapshot.dayOf(asOf)).isEmpty());
    assertTrue(CAPTURED.entries.isEmpty());
  }

  /** The EvaluateShards map's ItemSelector. */
  private static Map<String, Object> shardInput(Map<String, Object> plan, Object shard) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("asOf", plan.get("asOf"));
    input.put("plan", plan.get("plan"));
    input.put("bucketCount", plan.get("bucketCount"));
    input.put("shard", shard);
    return input;
  }

  /** The PublishBuckets map's ItemSelector. */
  private static Map<String, Object> bucketInput(Map<String, Object> plan, int bucket) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("asOf", plan.get("asOf"));
    input.put("plan", plan.get("plan"));
    input.put("bucketCount", plan.get("bucketCount"));
    input.put("shardCount", plan.get("shardCount"));
    input.put("bucket", bucket);
    return input;
  }

  @Test
  void aShardOrABucketOfAnotherPlanIsRefused() throws Exception {
    twoPartnersSharingAClient();
    Map<String, Object> plan = publisher.plan.handleRequest(InProcessRun.scheduledEvent(asOf), null);
    Map<String, Object> other = new LinkedHashMap<>(plan);
    other.put("plan", "0000000000000000");
    Object firstShard = ((List<?>) plan.get("shards")).get(0);

    assertThrows(IllegalStateException.class, () -> publisher.invoke(SHARD, shardInput(other, firstShard)));
    for (Object shard : (List<?>) plan.get("shards")) {
      publisher.invoke(SHARD, shardInput(plan, shard));
    }
    assertThrows(IllegalStateException.class, () -> publisher.invoke(FINISH, bucketInput(other, 0)));
  }

  @Test
  void theClientsOwnStaffsActivitiesAreNeverRead() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    RequestCounter requests = new RequestCounter();
    ReadVolume read = new ReadVolume();
    Map<String, Integer> before;
    long itemsBefore;
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(requests, read)) {
      run(counted, Clock.systemUTC()).run(asOf); // so that both measured runs find the same last publication
      requests.clear();
      read.clear();
      run(counted, Clock.systemUTC()).run(asOf);
      before = requests.snapshot();
      itemsBefore = read.items();
      requests.clear();
      read.clear();
      for (int a = 0; a < 200; a++) { // 200 more activities of the shared client's own staff
        facts.activity(ids[2], 13, ago(Duration.ofMinutes(10 + a)));
      }
      store();

      run(counted, Clock.systemUTC()).run(asOf);
    }

    assertEquals(before, requests.snapshot(), "the same requests");
    assertEquals(itemsBefore, read.items(), "the same items read: none of the own staff's activities");
  }

  @Test
  void aRunRetriedDaysLaterAsOfTheSameTimePublishesTheSameFigures() throws Exception {
    long partner = id();
    long client = id();
    String alice = "alice@agency" + partner + ".com";
    facts.partner(partner, "agency" + partner + ".com", ago(days(200)))
        .employeeAdded(partner, 901, alice, ago(days(200)))
        .client(client, "USD", "1000.00", ago(days(100)))
        .userAdded(client, 11, alice, ago(days(95)))
        .activity(client, 11, ago(days(80))) // in the tier policy's 90-day window, its credit long over
        .activity(client, 11, ago(days(59))); // still servicing at asOf, for one more day
    store();
    publisher.run(asOf);
    List<Map<String, Object>> first = detailsOf(partner);
    Map<String, AttributeValue> firstSnapshot = snapshotItem(partner);
    CAPTURED.clear();

    // the retry runs 6 days later by the wall clock (the 7-day horizon), as of the same scheduled time
    run(dynamo, Clock.fixed(asOf.plus(days(6)), ZoneOffset.UTC)).run(asOf);

    assertEquals(first, detailsOf(partner));
    assertEquals(firstSnapshot, snapshotItem(partner));
    assertTrue(first.toString().contains("\"managed\":\"10.00\"") || first.toString().contains("managed=10.00"),
        "the activity of 59 days ago still counts: " + first);
  }

  private Map<String, AttributeValue> snapshotItem(long partnerId) {
    return dynamo.getItem(g -> g.tableName(DYNAMO.tableName()).consistentRead(true).key(Map.of(
        Attr.PK, AttributeValue.fromS(Keys.snapshots(partnerId)),
        Attr.SK, AttributeValue.fromS(Keys.snapshotDay(Snapshot.dayOf(asOf)))))).item();
  }

  @Test
  void changeComparesWithTheLastEarlierSnapshot() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    long p1 = ids[0];
    long c1 = ids[2];
    // C1's MRR halves 12 hours before asOf: P1's share of it drops from 5.00 to 2.50 points.
    facts.add(new SubscriptionChanged("fx-sub-" + c1, ago(Duration.ofHours(12)), c1, Money.of("500.00", "USD")));
    store();
    publisher.run(ago(days(1)));
    String tierYesterday = (String) firstDetail(p1).get("tier");
    CAPTURED.clear();

    publisher.run(asOf);

    Map<String, Object> today = firstDetail(p1);
    assertEquals(tierYesterday, today.get("previousTier"));
    // Yesterday: C1 5.00 (C2's activity had not happened yet). Today: C1 2.50, C2 20.00.
    assertEquals(Map.of("newManaged", "20.00", "lostManaged", "2.50", "newSold", "0.00", "lostSold", "0.00"),
        today.get("change"));
  }

  private Map<String, Object> firstDetail(long partnerId) throws Exception {
    for (PutEventsRequestEntry entry : CAPTURED.entries) {
      Map<String, Object> detail = JSON.std.mapFrom(entry.detail());
      if (((Number) detail.get("partnerId")).longValue() == partnerId) {
        return detail;
      }
    }
    throw new AssertionError("no event for partner " + partnerId);
  }

  @Test
  void aPartnerWithBadDataIsReportedAndTheOthersArePublished() throws Exception {
    long[] healthy = twoPartnersSharingAClient();
    long[] broken = twoPartnersSharingAClient();
    long bad = broken[0];
    long sharesAClientWithBad = broken[1];
    Map<String, AttributeValue> badDeal = new HashMap<>(FactItems.item(
        new DealSold("fx-bad-" + bad, ago(days(1)), bad, broken[2], Money.of("100.00", "USD"), DealKind.SOURCED),
        null));
    badDeal.put(Attr.CURRENCY, AttributeValue.fromS("US DOLLARS"));
    writer.putAll(List.of(badDeal));

    Map<String, Object> run = publisher.run(asOf);

    Map<Long, String> failed = new HashMap<>();
    for (Object f : (List<?>) run.get("failedPartners")) {
      failed.put(((Number) ((Map<?, ?>) f).get("partnerId")).longValue(), (String) ((Map<?, ?>) f).get("reason"));
    }
    assertEquals("partial", run.get("outcome"));
    assertTrue(failed.get(bad).startsWith("its facts could not be read"), run.toString());
    assertTrue(failed.get(sharesAClientWithBad).contains("shared with partner " + bad), run.toString());
    assertTrue(detailsOf(bad).isEmpty());
    assertTrue(snapshots.of(bad, Snapshot.dayOf(asOf)).isEmpty());
    assertTrue(detailsOf(sharesAClientWithBad).isEmpty());
    assertFalse(failed.containsKey(healthy[0]));
    assertFalse(detailsOf(healthy[0]).isEmpty());
    assertTrue(snapshots.of(healthy[1], Snapshot.dayOf(asOf)).isPresent());
  }

  @Test
  void creditEndingWithinSevenDaysIsWarnedAboutExactly() throws Exception {
    long partner = id();
    String carol = "carol@firm" + partner + ".com";
    facts.partner(partner, "firm" + partner + ".com", ago(days(200))).employeeAdded(partner, 903, carol, ago(days(200)));
    long atSevenDays = id();
    long justAfterSevenDays = id();
    long inOneDay = id();
    long inThirtyDays = id();
    long removed = id();
    for (long client : new long[] {atSevenDays, justAfterSevenDays, inOneDay, inThirtyDays, removed}) {
      facts.client(client, "USD", "1000.00", ago(days(100))).userAdded(client, 1, carol, ago(days(90)));
    }
    facts.activity(atSevenDays, 1, ago(days(53)))
        .activity(justAfterSevenDays, 1, ago(days(53)).plusMillis(1))
        .activity(inOneDay, 1, ago(days(59)))
        .activity(inThirtyDays, 1, ago(days(30)))
        .activity(removed, 1, ago(days(58)))
        .add(new ClientUserRemoved("fx-rm-" + removed, ago(days(1)), removed, 1)); // credit ended: not serviced
    store();

    publisher.run(asOf);

    List<Map<String, Object>> details = detailsOf(partner);
    assertEquals(3, details.size(), details.toString());
    assertEquals(4, details.get(0).get("clients"));
    assertEquals(List.of(
        Map.of("detail-type", "ManagedCreditExpiring", "partnerId", partner, "clientId", atSevenDays,
            "creditUntil", asOf.plus(days(7)).toString(), "managedPoints", "10.00", "asOf", asOf.toString()),
        Map.of("detail-type", "ManagedCreditExpiring", "partnerId", partner, "clientId", inOneDay,
            "creditUntil", asOf.plus(days(1)).toString(), "managedPoints", "10.00", "asOf", asOf.toString())),
        details.subList(1, 3).stream().map(PublisherIT::withLongIds).toList());
  }

  private static Map<String, Object> withLongIds(Map<String, Object> detail) {
    Map<String, Object> copy = new HashMap<>(detail);
    copy.put("partnerId", ((Number) detail.get("partnerId")).longValue());
    copy.put("clientId", ((Number) detail.get("clientId")).longValue());
    return copy;
  }

  @Test
  void thePublicationReadsTheReadModelSoAFactNotInItYetIsNotPublished() throws Exception {
    long partner = id();
    long serviced = id();
    long later = id();
    String alice = agencyWithAlice(partner);
    facts.client(serviced, "USD", "1000.00", ago(days(100)))
        .client(later, "USD", "2000.00", ago(days(100)))
        .userAdded(serviced, 11, alice, ago(days(90)))
        .userAdded(later, 11, alice, ago(days(90)))
        .activity(serviced, 11, ago(days(2)));
    store();
    publisher.run(asOf);
    Snapshot first = snapshots.of(partner, Snapshot.dayOf(asOf)).orElseThrow();
    assertEquals(1, first.servicedClients());

    facts.activity(later, 11, ago(days(1))); // stored, but the read model has not followed yet
    stored.store(facts);
    publisher.run(asOf);

    assertEquals(first, snapshots.of(partner, Snapshot.dayOf(asOf)).orElseThrow(), "the read model's figures");
    Alone live = alone(partner);
    assertEquals(2, live.snapshot().servicedClients(), "the stored facts say otherwise");

    ReadModelBuild.upToDate(dynamo, DYNAMO.tableName(), Clock.systemUTC());
    publisher.run(asOf);

    assertEquals(live.snapshot(), snapshots.of(partner, Snapshot.dayOf(asOf)).orElseThrow(), "once it has followed");
  }

  @Test
  void aReadModelThatRecordedNoProgressFailsTheRunSayingSoAndPublishesNothing() throws Exception {
    String fresh = "publisher-it-no-read-model-" + UUID.randomUUID().toString().substring(0, 8);
    TemplateTable.fromTemplate().create(dynamo, fresh);
    try {
      long partner = id();
      new StoredFacts(dynamo, fresh).store(StoredFacts.scenario()
          .partner(partner, "agency" + partner + ".com", ago(days(200))));
      InProcessRun unbuilt = new InProcessRun(dynamo, fresh, Clock.systemUTC(), events, bus,
          new ShardPlanner(4, 1_000), 2);

      StateMachineRun.Failed failed = assertThrows(StateMachineRun.Failed.class, () -> unbuilt.run(asOf));

      assertEquals("PublicationFailed", failed.error());
      assertEquals(List.of("Plan", "RecordFailure"),
          unbuilt.invocations().stream().map(StateMachineRun.Invocation::state).distinct().toList());
      Map<?, ?> recorded = (Map<?, ?>) unbuilt.invocationsOf("PublisherRecordFunction").get(0).output();
      assertEquals("failed", recorded.get("outcome"));
      assertTrue(String.valueOf(recorded.get("error")).contains("the read model has recorded no progress"),
          recorded.toString());
      assertTrue(new SnapshotStore(dynamo, fresh, new BatchWriter(dynamo, fresh))
          .of(partner, Snapshot.dayOf(asOf)).isEmpty());
      assertTrue(CAPTURED.entries.isEmpty());

      ReadModelBuild.upToDate(dynamo, fresh, Clock.systemUTC());
      assertEquals("ok", unbuilt.run(asOf).get("outcome"), "built, the same run publishes");
    } finally {
      dynamo.deleteTable(d -> d.tableName(fresh));
    }
  }

  @Test
  void whenTheTableCannotBeReadThePlanFailsAndTheExecutionFailsAfterRecordingIt() {
    String missing = "no-such-table-" + UUID.randomUUID();
    InProcessRun cannot = new InProcessRun(dynamo, missing, Clock.systemUTC(), events, bus, new ShardPlanner(4, 1_000), 2);

    StateMachineRun.Failed failed = assertThrows(StateMachineRun.Failed.class, () -> cannot.run(asOf));

    assertEquals("PublicationFailed", failed.error());
    List<String> states = cannot.invocations().stream().map(StateMachineRun.Invocation::state).distinct().toList();
    assertEquals(List.of("Plan", "RecordFailure"), states);
    assertEquals(4, cannot.invocations().stream().filter(i -> i.state().equals("Plan")).count(),
        "the first attempt and the template's 3 retries");
    Map<?, ?> recorded = (Map<?, ?>) cannot.invocationsOf("PublisherRecordFunction").get(0).output();
    assertEquals("failed", recorded.get("outcome"));
    assertTrue(String.valueOf(recorded.get("error")).contains("plan of the run as of " + asOf), recorded.toString());
  }
}
