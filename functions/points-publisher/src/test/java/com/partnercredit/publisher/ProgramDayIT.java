package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.Scenario;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.SnapshotStore.DayFigures;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.StateMachineRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The program's record of a published day, written by a publication run as AWS runs it
 * ({@link InProcessRun}, shards of four partners, 8 buckets, as in {@link PublisherIT}): every
 * partner's tier and total equal its snapshot's, re-runs and retries write the same items, a bucket
 * cut in parts reads back whole, and only a complete run records the day's partners per tier. The
 * class's table holds one world of {@value #PARTNERS} partners; each test publishes its own day.
 */
class ProgramDayIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  static final int PARTNERS = 24;
  private static final String FINISH = "PublisherFinishFunction";
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  /** Each test publishes a day of its own: 1, 2, 3, ... days before now (activities are 10 days old). */
  private static final AtomicInteger DAYS_BACK = new AtomicInteger();

  private static EventBridgeClient events;
  private static String bus;
  private static boolean built;

  private DynamoDbClient dynamo;
  private SnapshotStore snapshots;
  private FactStore store;
  private InProcessRun publisher;
  private final Instant asOf = NOW.minus(Duration.ofDays(DAYS_BACK.incrementAndGet()));
  private final LocalDate day = Snapshot.dayOf(asOf);

  @BeforeAll
  static void createTheBus() {
    events = Emulator.shared().configure(EventBridgeClient.builder()).build();
    bus = "partner-credit-program-it-" + UUID.randomUUID().toString().substring(0, 8);
    events.createEventBus(b -> b.name(bus));
  }

  @AfterAll
  static void deleteTheBus() {
    events.deleteEventBus(b -> b.name(bus));
    events.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    dynamo = DYNAMO.client();
    snapshots = new SnapshotStore(dynamo, DYNAMO.tableName(), new BatchWriter(dynamo, DYNAMO.tableName()));
    store = new FactStore(dynamo, DYNAMO.tableName(), Clock.systemUTC());
    publisher = run(0);
    if (!built) {
      world();
      built = true;
    }
  }

  private InProcessRun run(int programPartBytes) {
    return new InProcessRun(dynamo, DYNAMO.tableName(), Clock.systemUTC(), events, bus, new ShardPlanner(4, 1_000), 2,
        measurement -> {}, programPartBytes);
  }

  /**
   * Partner k: k mod 4 clients of US$1,000 (10 points each) and, every third, a sold deal of US$3,000 (150
   * points): PROVIDER, GOLD and PLATINUM partners.
   */
  private void world() throws Exception {
    Scenario facts = StoredFacts.scenario();
    for (int k = 0; k < PARTNERS; k++) {
      long partner = StoredFacts.newId();
      String alice = "alice@agency" + partner + ".com";
      facts.partner(partner, "agency" + partner + ".com", ago(200)).employeeAdded(partner, 901, alice, ago(200));
      for (int c = 0; c < k % 4; c++) {
        long client = StoredFacts.newId();
        facts.client(client, "USD", "1000.00", ago(100)).userAdded(client, 11, alice, ago(90)).activity(client, 11, ago(10));
      }
      if (k % 3 == 0) {
        facts.dealSold(partner, StoredFacts.newId(), "3000.00", "USD", DealKind.SOURCED, ago(20));
      }
    }
    new StoredFacts(dynamo, DYNAMO.tableName()).store(facts);
    ReadModelBuild.upToDate(dynamo, DYNAMO.tableName(), Clock.systemUTC());
  }

  private static Instant ago(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  /** Every partner of the table with its snapshot of the day, as tier and total. */
  private SortedMap<Long, DayFigures> snapshotFigures() throws Exception {
    List<Long> partners = new ArrayList<>();
    store.forEachPartner(partners::add);
    SortedMap<Long, DayFigures> figures = new TreeMap<>();
    for (long partner : partners) {
      snapshots.of(partner, day).ifPresent(s -> figures.put(partner, new DayFigures(s.tier(), s.total())));
    }
    return figures;
  }

  private static Map<Tier, Integer> counted(Map<Long, DayFigures> figures) {
    Map<Tier, Integer> counts = new EnumMap<>(Tier.class);
    for (Tier tier : Tier.values()) {
      counts.put(tier, 0);
    }
    figures.values().forEach(f -> counts.merge(f.tier(), 1, Integer::sum));
    return counts;
  }

  /** The day's items: its program record and its partners per tier, by key. */
  private Map<String, Map<String, AttributeValue>> dayItems() {
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    for (String pk : List.of(Keys.programDay(day), Keys.PROGRAM_TIERS)) {
      dynamo.queryPaginator(q -> q.tableName(DYNAMO.tableName()).consistentRead(true)
          .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
          .items().forEach(item -> {
            if (!pk.equals(Keys.PROGRAM_TIERS) || item.get(Attr.SK).s().equals(day.toString())) {
              items.put(item.get(Attr.PK).s() + " " + item.get(Attr.SK).s(), item);
            }
          });
    }
    return items;
  }

  @Test
  void everyPartnersTierAndTotalAreItsSnapshotsAndTheTierCountsTheirSum() throws Exception {
    Map<String, Object> run = publisher.run(asOf);

    SortedMap<Long, DayFigures> expected = snapshotFigures();
    assertEquals(PARTNERS, expected.size(), "every partner published");
    assertEquals(expected, snapshots.programDay(day));
    Map<Tier, Integer> counts = counted(expected);
    assertTrue(counts.values().stream().filter(n -> n > 0).count() >= 3, "several tiers: " + counts);
    assertEquals(Map.of(day, counts), snapshots.tierCounts(day.minusDays(89), day));
    Map<String, Object> named = new LinkedHashMap<>();
    counts.forEach((tier, n) -> named.put(tier.name(), n));
    assertEquals(named, run.get("tiers"), "the run's result says them too");
    assertEquals(8, dayItems().size() - 1, "one item per bucket, and the day's counts");
  }

  @Test
  void aReRunOfTheDayAndARetriedBucketWriteTheSameItems() throws Exception {
    publisher.run(asOf);
    Map<String, Map<String, AttributeValue>> first = dayItems();
    SortedMap<Long, DayFigures> figures = snapshotFigures();

    publisher.run(asOf);
    assertEquals(first, dayItems(), "a re-run as of the same time");
    for (StateMachineRun.Invocation bucket : publisher.invocationsOf(FINISH)) {
      publisher.invoke(FINISH, bucket.input());
    }

    assertEquals(first, dayItems(), "and every bucket retried");
    assertEquals(figures, snapshots.programDay(day));
    assertEquals(Map.of(day, counted(figures)), snapshots.tierCounts(day, day), "nothing counted twice");
  }

  @Test
  void aLaterRunOfTheSameDayReplacesTheFiguresAndTheCounts() throws Exception {
    publisher.run(asOf);

    publisher.run(asOf.plusSeconds(3_600));

    SortedMap<Long, DayFigures> figures = snapshotFigures();
    assertEquals(figures, snapshots.programDay(day));
    assertEquals(Map.of(day, counted(figures)), snapshots.tierCounts(day, day));
    dayItems().values().forEach(item -> assertEquals(asOf.plusSeconds(3_600).toString(), item.get(Attr.AS_OF).s()));
  }

  @Test
  void bucketsCutInPartsReadBackWholeAndAReRunInOnePartLeavesNoStalePartner() throws Exception {
    run(12).run(asOf); // at most 12 figure bytes a part: a partner or two each

    long parts = dayItems().keySet().stream().filter(k -> !k.endsWith("#PART#000") && k.contains("#PART#")).count();
    assertTrue(parts >= 8, "several parts in some buckets: " + dayItems().keySet());
    SortedMap<Long, DayFigures> figures = snapshotFigures();
    assertEquals(figures, snapshots.programDay(day));
    assertEquals(Map.of(day, counted(figures)), snapshots.tierCounts(day, day));

    publisher.run(asOf); // one part a bucket: the parts past it stay, passed over

    assertEquals(figures, snapshots.programDay(day));
    assertEquals(Map.of(day, counted(figures)), snapshots.tierCounts(day, day));
  }

  /** A run whose third bucket and every one after it fail on each attempt, past the template's retries. */
  private StateMachineRun.Failed aRunFailingAtTheThirdBucket() {
    AtomicInteger buckets = new AtomicInteger();
    InProcessRun failing = run(0).around((function, call) -> {
      if (function.equals(FINISH) && buckets.incrementAndGet() > 2) {
        throw new IllegalStateException("injected: this bucket fails");
      }
      return call.call();
    });
    StateMachineRun.Failed failed = assertThrows(StateMachineRun.Failed.class, () -> failing.run(asOf));
    assertEquals(List.of("Plan", "EvaluateShard", "PublishBucket", "RecordFailure"),
        failing.invocations().stream().map(StateMachineRun.Invocation::state).distinct().toList());
    return failed;
  }

  @Test
  void aRunThatFailsWritesNoTierCounts() throws Exception {
    aRunFailingAtTheThirdBucket();

    assertEquals(Map.of(), snapshots.tierCounts(day, day));
    Map<Long, DayFigures> partial = snapshots.programDay(day);
    assertTrue(!partial.isEmpty() && partial.size() < PARTNERS, "the two buckets that completed: " + partial.size());
    assertEquals(snapshotFigures(), partial, "as their snapshots, written before the failure");
  }

  @Test
  void aFailedReRunLeavesTheCountsOfTheCompleteRun() throws Exception {
    publisher.run(asOf);
    Map<LocalDate, Map<Tier, Integer>> complete = snapshots.tierCounts(day, day);
    Map<String, AttributeValue> countsItem = dayItems().get(Keys.PROGRAM_TIERS + " " + day);

    aRunFailingAtTheThirdBucket();

    assertEquals(complete, snapshots.tierCounts(day, day));
    assertEquals(countsItem, dayItems().get(Keys.PROGRAM_TIERS + " " + day));
  }
}
