package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.domain.Scenario;
import com.partnercredit.domain.SubscriptionChanged;
import com.partnercredit.domain.Money;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The publisher against the emulator (DynamoDB and EventBridge): real reads, real snapshots, real
 * PutEvents calls, captured on their way out. Activities are placed near the wall clock, because the
 * store treats those past their 60-day TTL as gone. Tests share the class's table, so each works on
 * its own partners and clients; a run publishes every partner in the table.
 */
class PublisherIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);
  private static final RuleTables RULES = RuleTablesLoader.fromClasspath();
  private static final CreditEngine ENGINE = new CreditEngine(RULES);

  private static EventBridgeClient events;
  private static final CapturedEvents CAPTURED = new CapturedEvents();
  private static String bus;

  private DynamoDbClient dynamo;
  private FactStore store;
  private SnapshotStore snapshots;
  private BatchWriter writer;
  private StoredFacts stored;
  private Scenario facts;
  private Publisher publisher;
  private final Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void createTheBus() {
    Emulator emulator = Emulator.shared();
    events = EventBridgeClient.builder()
        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
        .endpointOverride(emulator.endpoint())
        .region(emulator.region())
        .credentialsProvider(emulator.credentials())
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
    publisher = new Publisher(store, ENGINE, RULES, snapshots, new EventBus(events, bus),
        new PartitionMentions(dynamo, table), 2);
    CAPTURED.clear();
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

  /** Two partners sharing a client, across several groups of two clients; returns {p1, p2, c1, c2}. */
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
        .userAdded(c2, 21, alice, ago(days(90)))
        .activity(c1, 11, ago(days(2)))
        .activity(c1, 12, ago(days(55)))
        .activity(c2, 21, ago(Duration.ofHours(1)))
        .dealSold(p1, c3, "1000.00", "USD", DealKind.SOURCED, ago(days(3)));
    stored.store(facts);
    return new long[] {p1, p2, c1, c2};
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

  @Test
  void everyPartnerIsPublishedAsEvaluatingItAloneWithAllItsFactsWould() throws Exception {
    twoPartnersSharingAClient();
    twoPartnersSharingAClient();
    Map<Long, PartnerResult> published = new HashMap<>();

    PublishReport report = publisher.publish(asOf, (result, e) -> published.put(result.partnerId(), result));

    assertEquals(report.snapshots(), published.size());
    assertTrue(published.size() >= 4, report.toString());
    for (PartnerResult result : published.values()) {
      var alone = ENGINE.evaluate(store.factsForPartner(result.partnerId()).orElseThrow(), asOf)
          .partner(result.partnerId()).orElseThrow();
      assertEquals(PartnerResult.of(alone), result, "partner " + result.partnerId());
    }
  }

  @Test
  void snapshotAndPartnerTierPointsCarryThePartnersFigures() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    long p1 = ids[0];
    long p2 = ids[1];

    publisher.publish(asOf, Publisher.Observer.NONE);

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
    assertEquals(Map.of(ids[2], new java.math.BigDecimal("5.00"), ids[3], new java.math.BigDecimal("20.00")),
        snapshot.managedByClient());
    assertEquals("5.00", ((Map<?, ?>) detailsOf(p2).get(0).get("points")).get("managed"));
  }

  @Test
  void snapshotsAreNeverReadAsFactsNorListedAsPartners() throws Exception {
    long p1 = twoPartnersSharingAClient()[0];
    var before = store.partnerFacts(p1);

    publisher.publish(asOf, Publisher.Observer.NONE);

    assertEquals(before, store.partnerFacts(p1));
    List<Long> partners = new ArrayList<>();
    store.forEachPartner(partners::add);
    assertEquals(partners.stream().distinct().count(), partners.size());
    assertTrue(snapshots.of(p1, Snapshot.dayOf(asOf)).isPresent());
  }

  @Test
  void aReRunForTheSameTimePublishesTheSameEventsAndSnapshots() throws Exception {
    long[] ids = twoPartnersSharingAClient();
    publisher.publish(asOf, Publisher.Observer.NONE);
    List<Map<String, Object>> first = detailsOf(ids[1]);
    Map<String, AttributeValue> firstSnapshot = snapshotItem(ids[1]);
    CAPTURED.clear();

    publisher.publish(asOf, Publisher.Observer.NONE);

    assertEquals(first, detailsOf(ids[1]));
    assertEquals(firstSnapshot, snapshotItem(ids[1]));
    assertEquals(2, first.size(), "PartnerTierPoints and the expiring C1: " + first);
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
    stored.store(facts);
    publisher.publish(asOf, Publisher.Observer.NONE);
    List<Map<String, Object>> first = detailsOf(partner);
    Map<String, AttributeValue> firstSnapshot = snapshotItem(partner);
    CAPTURED.clear();

    // the retry runs 6 days later by the wall clock (the 7-day horizon), as of the same scheduled time
    Clock sixDaysLater = Clock.fixed(asOf.plus(days(6)), ZoneOffset.UTC);
    Publisher retry = new Publisher(new FactStore(dynamo, DYNAMO.tableName(), sixDaysLater), ENGINE, RULES, snapshots,
        new EventBus(events, bus), new PartitionMentions(dynamo, DYNAMO.tableName()), 2);
    retry.publish(asOf, Publisher.Observer.NONE);

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
    stored.store(facts);
    publisher.publish(ago(days(1)), Publisher.Observer.NONE);
    String tierYesterday = (String) firstDetail(p1).get("tier");
    CAPTURED.clear();

    publisher.publish(asOf, Publisher.Observer.NONE);

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

    PublishReport report = publisher.publish(asOf, Publisher.Observer.NONE);

    assertTrue(report.failedPartners().get(bad).startsWith("its facts could not be read"), report.toString());
    assertTrue(report.failedPartners().get(sharesAClientWithBad).contains("shared with partner " + bad),
        report.toString());
    assertTrue(detailsOf(bad).isEmpty());
    assertTrue(snapshots.of(bad, Snapshot.dayOf(asOf)).isEmpty());
    assertFalse(report.failedPartners().containsKey(healthy[0]));
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
    stored.store(facts);

    publisher.publish(asOf, Publisher.Observer.NONE);

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
  void theHandlerPublishesAsOfTheScheduledTime() throws Exception {
    long p1 = twoPartnersSharingAClient()[0];
    Map<String, Object> event = Map.of("time", asOf.toString(), "detail-type", "Scheduled Event",
        "source", "aws.events");

    Map<String, Object> result = new PublisherHandler(new PublicationRun(publisher,
        new LastPublication(dynamo, DYNAMO.tableName(), writer), measurement -> {}, Clock.systemUTC()))
        .handleRequest(event, null);

    assertEquals(asOf.toString(), result.get("asOf"));
    assertTrue((Integer) result.get("snapshots") >= 2, result.toString());
    assertEquals(asOf.toString(), firstDetail(p1).get("asOf"));
  }

  @Test
  void theInvocationFailsWhenTheTableCannotBeRead() {
    String missing = "no-such-table-" + UUID.randomUUID();
    FactStore nowhere = new FactStore(dynamo, missing, Clock.systemUTC());
    Publisher cannot = new Publisher(nowhere, ENGINE, RULES, new SnapshotStore(dynamo, missing,
        new BatchWriter(dynamo, missing)), new EventBus(events, bus), new PartitionMentions(dynamo, missing));
    Map<String, Object> event = Map.of("time", asOf.toString());

    assertThrows(IllegalStateException.class, () -> new PublisherHandler(new PublicationRun(cannot,
        new LastPublication(dynamo, missing, new BatchWriter(dynamo, missing)), measurement -> {}, Clock.systemUTC()))
        .handleRequest(event, null));
  }
}
