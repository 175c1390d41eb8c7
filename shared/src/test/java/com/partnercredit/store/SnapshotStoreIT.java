package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Tier;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Reading the publisher's snapshots back (the history and a breakdown before the live horizon):
 * Queries only, on the partner's own snapshot partition, days in order.
 */
class SnapshotStoreIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);

  private final RequestCounter counter = new RequestCounter();
  private SnapshotStore store;
  private long partner;

  @BeforeEach
  void setUp() {
    DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter);
    store = new SnapshotStore(counted, DYNAMO.tableName(), new BatchWriter(counted, DYNAMO.tableName()));
    partner = IDS.incrementAndGet();
  }

  private Snapshot snapshot(long partnerId, String day, Tier tier, String managed) {
    Instant asOf = Instant.parse(day + "T02:00:00Z");
    TreeMap<Long, BigDecimal> clients = new TreeMap<>(Map.of(222L, new BigDecimal(managed)));
    return new Snapshot(partnerId, Snapshot.dayOf(asOf), asOf, tier, new BigDecimal(managed),
        new BigDecimal("0.00"), new BigDecimal(managed), 1, clients, new TreeMap<>());
  }

  @Test
  void betweenAnswersTheDaysOfTheRangeOldestFirstAndNoOtherPartners() throws Exception {
    Snapshot first = snapshot(partner, "2026-10-01", Tier.GOLD, "10.00");
    Snapshot second = snapshot(partner, "2026-10-03", Tier.GOLD, "12.50");
    Snapshot third = snapshot(partner, "2026-10-05", Tier.PLATINUM, "20.00");
    store.putAll(List.of(third, first, second, snapshot(partner + 1, "2026-10-03", Tier.GOLD, "99.00")));
    counter.clear();

    List<Snapshot> days = store.between(partner, LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-04"));

    assertEquals(List.of(first, second), days);
    assertEquals(Map.of("Query", 1), counter.snapshot());
  }

  @Test
  void theSnapshotOfADayIsReadWithAQueryAndAMissingDayIsEmpty() throws Exception {
    Snapshot day = snapshot(partner, "2026-10-02", Tier.GOLD, "10.00");
    store.putAll(List.of(day));
    counter.clear();

    assertEquals(Optional.of(day), store.of(partner, LocalDate.parse("2026-10-02")));
    assertEquals(Optional.empty(), store.of(partner, LocalDate.parse("2026-10-03")));
    assertEquals(Map.of("Query", 2), counter.snapshot(), "no GetItem: readers need dynamodb:Query only");
  }

  @Test
  void beforeIsTheLatestEarlierDay() throws Exception {
    Snapshot first = snapshot(partner, "2026-10-01", Tier.GOLD, "10.00");
    Snapshot second = snapshot(partner, "2026-10-03", Tier.GOLD, "12.50");
    store.putAll(List.of(first, second));

    assertEquals(Optional.of(second), store.before(partner, LocalDate.parse("2026-10-05")));
    assertEquals(Optional.of(first), store.before(partner, LocalDate.parse("2026-10-03")));
    assertTrue(store.before(partner, LocalDate.parse("2026-10-01")).isEmpty());
  }

  @Test
  void aSnapshotOfFiftyThousandClientsIsStoredAndReadBackWhole() throws Exception {
    Snapshot huge = SnapshotPartsTest.huge(50_000, 500);

    store.putAll(List.of(huge));
    store.putAll(List.of(huge)); // a re-run overwrites with the same items

    assertEquals(Optional.of(huge), store.of(huge.partnerId(), huge.day()));
    assertEquals(Optional.of(huge), store.before(huge.partnerId(), huge.day().plusDays(1)));
    assertEquals(List.of(huge), store.between(huge.partnerId(), huge.day(), huge.day()));
  }
}
