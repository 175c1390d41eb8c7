package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Tier;
import com.partnercredit.store.SnapshotStore.DayFigures;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The program's record of a published day and its partners per tier, read back: one Query each, the
 * latest run's figures when runs overlap, parts an older write left ignored.
 */
class ProgramDaysIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  /** Each test its own days, in the table the class shares. */
  private static final AtomicInteger YEARS = new AtomicInteger();

  private final RequestCounter counter = new RequestCounter();
  private SnapshotStore store;
  private SnapshotStore smallParts;
  private LocalDate day;
  private Instant asOf;

  @BeforeEach
  void setUp() {
    DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter);
    BatchWriter writer = new BatchWriter(counted, DYNAMO.tableName());
    store = new SnapshotStore(counted, DYNAMO.tableName(), writer);
    smallParts = new SnapshotStore(counted, DYNAMO.tableName(), writer, 20);
    day = LocalDate.parse("2026-11-28").plusYears(YEARS.incrementAndGet());
    asOf = day.atTime(2, 0).toInstant(java.time.ZoneOffset.UTC);
  }

  private static DayFigures figures(Tier tier, String total) {
    return new DayFigures(tier, new BigDecimal(total));
  }

  /** Partners {@code from} to {@code from + count - 1}: tiers in turn, totals by id. */
  private static SortedMap<Long, DayFigures> partners(long from, int count, String cents) {
    SortedMap<Long, DayFigures> partners = new TreeMap<>();
    for (long id = from; id < from + count; id++) {
      partners.put(id, new DayFigures(Tier.values()[(int) (id % Tier.values().length)],
          new BigDecimal(id + "." + cents)));
    }
    return partners;
  }

  private int itemsOf(LocalDate day) {
    return DYNAMO.client().query(q -> q.tableName(DYNAMO.tableName()).keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
            Keys.programDay(day))))).count();
  }

  @Test
  void aDayNotPublishedIsEmptyAfterOneQuery() throws Exception {
    counter.clear();

    assertEquals(Map.of(), store.programDay(day));
    assertEquals(Map.of("Query", 1), counter.snapshot());
  }

  @Test
  void everyBucketsPartnersComeBackWithOneQuery() throws Exception {
    SortedMap<Long, DayFigures> all = new TreeMap<>();
    for (int bucket = 0; bucket < 8; bucket++) {
      SortedMap<Long, DayFigures> mine = partners(1_000 + 100L * bucket, 50, "25");
      store.putProgramBucket(day, asOf, bucket, 8, mine);
      all.putAll(mine);
    }
    counter.clear();

    assertEquals(all, store.programDay(day));
    assertEquals(Map.of("Query", 1), counter.snapshot());
    assertEquals(Map.of(), store.programDay(day.plusDays(1)), "another day's partition");
  }

  @Test
  void aBucketWrittenInPartsComesBackWhole() throws Exception {
    SortedMap<Long, DayFigures> mine = partners(7, 30, "50");

    Map<Tier, Integer> counts = smallParts.putProgramBucket(day, asOf, 2, 8, mine);

    assertTrue(itemsOf(day) >= 5, itemsOf(day) + " parts");
    assertEquals(mine, store.programDay(day));
    Map<Tier, Integer> expected = new EnumMap<>(Tier.class);
    mine.values().forEach(f -> expected.merge(f.tier(), 1, Integer::sum));
    assertEquals(expected, counts);
  }

  @Test
  void partsAnOlderWriteLeftArePassedOver() throws Exception {
    smallParts.putProgramBucket(day, asOf, 2, 8, partners(7, 30, "50")); // many parts
    SortedMap<Long, DayFigures> now = partners(7, 3, "75"); // the same bucket, rewritten in one part
    int parts = itemsOf(day);

    store.putProgramBucket(day, asOf, 2, 8, now);

    assertEquals(parts, itemsOf(day), "the older parts are still there");

    assertEquals(now, store.programDay(day), "partners 10 to 36 were only in parts past the new part 0");
  }

  @Test
  void whenTwoLayoutsWroteADayEachPartnerHasItsLatestRunsFigures() throws Exception {
    store.putProgramBucket(day, asOf, 0, 8, partners(100, 10, "00")); // an earlier run, 8 buckets
    SortedMap<Long, DayFigures> later = new TreeMap<>(Map.of(
        103L, figures(Tier.ELITE, "9999.00"), 104L, figures(Tier.PROVIDER, "0.00")));

    store.putProgramBucket(day, asOf.plusSeconds(3_600), 3, 16, later); // a later run, 16 buckets

    SortedMap<Long, DayFigures> expected = partners(100, 10, "00");
    expected.putAll(later);
    assertEquals(expected, store.programDay(day));
  }

  @Test
  void tierCountsAreTheCompleteRunsDaysEveryTierPresentOneQuery() throws Exception {
    store.putTierCounts(day, asOf, Map.of(Tier.GOLD, 3, Tier.ELITE, 1));
    store.putTierCounts(day.plusDays(2), asOf.plus(java.time.Duration.ofDays(2)), Map.of(Tier.PROVIDER, 5));
    store.putTierCounts(day.plusDays(90), asOf.plus(java.time.Duration.ofDays(90)), Map.of(Tier.PROVIDER, 7));
    counter.clear();

    SortedMap<LocalDate, Map<Tier, Integer>> days = store.tierCounts(day, day.plusDays(89));

    assertEquals(Map.of("Query", 1), counter.snapshot());
    assertEquals(java.util.List.of(day, day.plusDays(2)), java.util.List.copyOf(days.keySet()),
        "a day without a complete run is absent; the range ends at its last day");
    assertEquals(Map.of(Tier.PROVIDER, 0, Tier.GOLD, 3, Tier.PLATINUM, 0, Tier.DIAMOND, 0, Tier.ELITE, 1),
        days.get(day));
    assertEquals(Map.of(Tier.PROVIDER, 5, Tier.GOLD, 0, Tier.PLATINUM, 0, Tier.DIAMOND, 0, Tier.ELITE, 0),
        days.get(day.plusDays(2)));
    assertEquals(1, store.tierCounts(day.plusDays(90), day.plusDays(90)).size(), "both ends included");
    assertTrue(store.tierCounts(day.plusDays(1), day).isEmpty(), "from after to: nothing, nothing read");
  }

  @Test
  void aRunOfTheSameDayAgainOverwritesItsTierCounts() throws Exception {
    store.putTierCounts(day, asOf, Map.of(Tier.GOLD, 3));

    store.putTierCounts(day, asOf.plusSeconds(60), Map.of(Tier.GOLD, 2, Tier.PLATINUM, 1));

    assertEquals(Map.of(Tier.PROVIDER, 0, Tier.GOLD, 2, Tier.PLATINUM, 1, Tier.DIAMOND, 0, Tier.ELITE, 0),
        store.tierCounts(day, day).get(day));
  }
}
