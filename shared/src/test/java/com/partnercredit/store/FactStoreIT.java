package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Activity;
import com.partnercredit.domain.ClientLinked;
import com.partnercredit.domain.ClientUnlinked;
import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.ClientUserDeactivated;
import com.partnercredit.domain.ClientUserReactivated;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.EmployeeRemoved;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.SubscriptionChanged;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The fact store against a real DynamoDB-compatible emulator. */
class FactStoreIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);

  private final RequestCounter counter = new RequestCounter();
  private FactStore store;
  private long partner;
  private long otherPartner;
  private long client;

  @BeforeEach
  void setUp() {
    Emulator emulator = Emulator.shared();
    DynamoDbClient counted = emulator.newDynamoDbClient(counter);
    store = new FactStore(counted, DYNAMO.tableName(), Clock.fixed(NOW, ZoneOffset.UTC));
    partner = IDS.incrementAndGet();
    otherPartner = IDS.incrementAndGet();
    client = IDS.incrementAndGet();
    alice = "alice" + client + "@agency.com";
    bob = "bob" + client + "@other.com";
  }

  private static Instant day(int n) {
    return NOW.minus(Duration.ofDays(30)).plus(Duration.ofDays(n));
  }

  /** Emails unique to this test: the table is shared by the tests of this class. */
  private String alice;
  private String bob;

  private String id(String name) {
    return name + "-" + client;
  }

  private List<Fact> everyFactType() {
    return List.of(
        new PartnerRegistered(id("reg"), day(0), partner, "Agency", List.of("agency.com"), true),
        new EmployeeAdded(id("emp"), day(0), partner, 901, "Alice@Agency.com"),
        new EmployeeRemoved(id("emprm"), day(9), partner, 901),
        new DealSold(id("deal"), day(2), partner, client, Money.of("1500.00", "EUR"), DealKind.SOURCED),
        new ClientUpserted(id("client"), day(0), client, "Acme", "acme.com", Currency.getInstance("JPY")),
        new SubscriptionChanged(id("sub"), day(0), client, Money.of("120000", "JPY")),
        new ClientUserAdded(id("user"), day(1), client, 555, "alice@agency.com"),
        new ClientUserDeactivated(id("deact"), day(3), client, 555),
        new ClientUserReactivated(id("react"), day(4), client, 555),
        new ClientUserRemoved(id("rm"), day(8), client, 555),
        new ClientLinked(id("link"), day(5), partner, 902, client),
        new ClientUnlinked(id("unlink"), day(6), partner, 902, client));
  }

  @Test
  void everyFactTypeReadsBackAsTheSameFact() throws Exception {
    List<Fact> facts = everyFactType();
    for (Fact fact : facts) {
      assertTrue(store.record(fact, "SYSTEM:0:0"), fact.toString());
    }

    Set<Fact> read = new HashSet<>(store.partnerFacts(partner));
    read.addAll(store.clientFacts(client));

    assertEquals(new HashSet<>(facts), read);
  }

  @Test
  void aReplayedEventIdIsADuplicateAndChangesNothing() throws Exception {
    EmployeeAdded first = new EmployeeAdded(id("e1"), day(0), partner, 901, "alice@agency.com");
    EmployeeAdded replayWithOtherContent = new EmployeeAdded(id("e1"), day(7), partner, 901, "mallory@agency.com");

    assertTrue(store.record(first, null));
    assertFalse(store.record(first, null));
    assertFalse(store.record(replayWithOtherContent, null));

    assertEquals(List.of(first), store.partnerFacts(partner));
  }

  @Test
  void recordingIsOneWritePerFactAndAnEmployeeAlsoAddsToItsEmailsPartners() throws Exception {
    counter.clear();
    for (Fact fact : everyFactType()) {
      store.record(fact, null);
    }
    assertEquals(12, counter.count("PutItem"), counter.toString());
    assertEquals(1, counter.count("UpdateItem"), "the one EMPLOYEE_ADDED: " + counter);
    assertEquals(13, counter.total(), counter.toString());
  }

  @Test
  void anEmailsPartnersAreEveryPartnerThatHadAnEmployeeWithItWhateverTheOrderAndReplays() throws Exception {
    String shared = "shared" + client + "@freelance.io";
    EmployeeAdded byPartner = new EmployeeAdded(id("s1"), day(0), partner, 901, shared);
    EmployeeAdded byOther = new EmployeeAdded(id("s2"), day(5), otherPartner, 911, "  " + shared.toUpperCase());
    EmployeeAdded again = new EmployeeAdded(id("s3"), day(9), partner, 902, shared);

    store.record(byOther, null);
    store.record(byPartner, null);
    store.record(byOther, null);
    store.record(again, null);
    counter.clear();

    assertEquals(Map.of(shared, Set.of(partner, otherPartner)),
        store.partnersByEmployeeEmail(List.of(shared, "nobody" + client + "@example.com")),
        "an email no employee had is absent");
    assertEquals(Map.of("BatchGetItem", 1), counter.snapshot());
  }

  @Test
  void emailsPartnersAreReadAHundredEmailsPerBatchGetItem() throws Exception {
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      emails.add("user" + i + "-" + client + "@example.com");
    }
    store.record(new EmployeeAdded(id("e77"), day(0), partner, 977, emails.get(77)), null);
    store.record(new EmployeeAdded(id("e201"), day(0), otherPartner, 901, emails.get(201)), null);
    counter.clear();

    Map<String, Set<Long>> partners = store.partnersByEmployeeEmail(emails);

    assertEquals(Map.of(emails.get(77), Set.of(partner), emails.get(201), Set.of(otherPartner)), partners);
    assertEquals(Map.of("BatchGetItem", 3), counter.snapshot());
  }

  @Test
  void clientsOfAPartnerComeFromEmployeeEmailsAndLinksByQueryOnly() throws Exception {
    long linkedClient = IDS.incrementAndGet();
    long unrelated = IDS.incrementAndGet();
    store.record(new ClientUserAdded(id("u1"), day(1), client, 555, alice), null);
    store.record(new ClientUserAdded(id("u2"), day(1), unrelated, 556, "zoe" + client + "@elsewhere.com"), null);
    store.record(new ClientLinked(id("l1"), day(2), partner, 902, linkedClient), null);
    counter.clear();

    Set<Long> clients = store.clientsOf(partner, List.of(alice));

    assertEquals(Set.of(client, linkedClient), clients);
    assertEquals(2, counter.count("Query"), counter.toString());
    assertEquals(0, counter.count("Scan"));
  }

  @Test
  void factsForAPartnerIncludeTheOtherPartnersOnItsClients() throws Exception {
    store.record(new EmployeeAdded(id("a"), day(0), partner, 901, alice), null);
    store.record(new EmployeeAdded(id("b"), day(0), otherPartner, 911, bob), null);
    store.record(new ClientUserAdded(id("ua"), day(1), client, 555, alice), null);
    store.record(new ClientUserAdded(id("ub"), day(1), client, 556, bob), null);

    List<Fact> facts = store.factsForPartner(partner).orElseThrow();

    assertTrue(facts.contains(new EmployeeAdded(id("b"), day(0), otherPartner, 911, bob)), facts.toString());
    assertTrue(facts.contains(new ClientUserAdded(id("ub"), day(1), client, 556, bob)));
    assertEquals(Optional.empty(), store.factsForPartner(IDS.incrementAndGet()));
  }

  private static final ActivityStore SIXTY_DAYS = new ActivityStore(Duration.ofDays(60));

  @Test
  void activitiesPastTheirTtlAreNotReturnedEvenIfStillStored() throws Exception {
    long fresh = NOW.minus(Duration.ofDays(59)).toEpochMilli();
    long expired = NOW.minus(Duration.ofDays(61)).toEpochMilli();
    DYNAMO.client().putItem(r -> r.tableName(DYNAMO.tableName())
        .item(SIXTY_DAYS.item("1", 1, client, 555, "contact.creation", "CRM", fresh, null, null, null)));
    DYNAMO.client().putItem(r -> r.tableName(DYNAMO.tableName())
        .item(SIXTY_DAYS.item("2", 2, client, 555, "contact.creation", "CRM", expired, null, null, null)));

    List<Fact> facts = store.clientFacts(client);

    assertEquals(List.of(new Activity("1", client, 555, "contact.creation", Instant.ofEpochMilli(fresh), true)), facts);
  }

  @Test
  void everyClientAndPartnerIsListedOnce() throws Exception {
    List<Long> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long c = IDS.incrementAndGet();
      clients.add(c);
      store.record(new ClientUserAdded(id("x" + c), day(1), c, 1, "a" + client + "@b.com"), null);
      store.record(new ClientUserAdded(id("y" + c), day(1), c, 2, "c" + client + "@d.com"), null);
    }
    store.record(new EmployeeAdded(id("p1"), day(0), partner, 1, "a" + client + "@b.com"), null);
    store.record(new EmployeeAdded(id("p2"), day(0), partner, 2, "c" + client + "@d.com"), null);

    List<Long> listed = new ArrayList<>();
    store.forEachClient(listed::add);
    List<Long> partners = new ArrayList<>();
    store.forEachPartner(partners::add);

    assertEquals(listed.size(), new HashSet<>(listed).size(), "no client twice");
    assertTrue(listed.containsAll(clients));
    assertEquals(1, partners.stream().filter(p -> p == partner).count());
  }

  @Test
  void consecutiveRangesOfAShardListEachOfItsClientsExactlyOnceIncludingOnesAddedAfterTheCut() throws Exception {
    int shard = 3;
    long base = IDS.addAndGet(1000);
    long[] ks = {base, base * 10 + 1, base * 100 + 2, base / 10 + 3, base + 4, base * 10 + 5, base * 100 + 6,
        base / 10 + 7, base + 8, base * 10 + 9, base * 100 + 10, base / 100 + 11};
    for (long k : ks) { // ids of several lengths: their string order (the index's) is not their numeric order
      long c = k * 8 + shard;
      store.record(new ClientUserAdded(id("r" + c), day(1), c, 1, "r" + client + "@b.com"), null);
    }
    List<Long> listed = new ArrayList<>();
    store.forEachClientInShard(shard, null, null, listed::add);
    assertEquals(listed.size(), new HashSet<>(listed).size(), "no client twice");
    long from = listed.get(listed.size() / 3);
    long to = listed.get(2 * listed.size() / 3);
    long addedAfterTheCut = from * 10 + Math.floorMod(shard - from * 10, 8); // "<from><digit>": right after 'from'
    store.record(new ClientUserAdded(id("late"), day(1), addedAfterTheCut, 1, "late" + client + "@b.com"), null);

    List<Long> ranges = new ArrayList<>();
    store.forEachClientInShard(shard, null, from, ranges::add);
    int first = ranges.size();
    store.forEachClientInShard(shard, from, to, ranges::add);
    store.forEachClientInShard(shard, to, null, ranges::add);

    List<Long> all = new ArrayList<>();
    store.forEachClientInShard(shard, null, null, all::add);
    assertEquals(all, ranges, "the three ranges, in order, are the whole shard");
    assertEquals(listed.size() / 3, first, "the first range ends before 'from'");
    assertTrue(ranges.containsAll(listed) && ranges.contains(addedAfterTheCut), ranges.toString());
    assertEquals(ranges.size(), new HashSet<>(ranges).size(), "no client in two ranges");
  }
}
