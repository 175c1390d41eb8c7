package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Money;
import com.partnercredit.domain.Points;
import com.partnercredit.store.Attr;
import com.partnercredit.store.Keys;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The partial-sum items: exact, pure functions of the sums, small, and kept a few days. */
class PartialSumsTest {
  private static final Instant AS_OF = Instant.parse("2026-11-28T02:00:00Z");
  private static final Points FRACTION = Points.forCredit(new Money(75_000, Currency.getInstance("EUR")),
      new BigDecimal("88"), new BigDecimal("1.0")); // 375/44: no finite decimal

  private static PartnerSums sums(int clients) {
    PartnerSums sums = new PartnerSums();
    List<PartnerResult.ServicedClient> serviced = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      serviced.add(new PartnerResult.ServicedClient(1_000_000L + c, FRACTION,
          c % 2 == 0 ? AS_OF.plus(Duration.ofDays(c % 60)) : null));
    }
    sums.add(FRACTION.times(Points.of(BigDecimal.valueOf(clients))), 7L * clients, serviced);
    return sums;
  }

  @Test
  void sumsReadBackExactlyFromTheirItem() {
    PartnerSums sums = sums(3);

    PartnerSums read = PartialSums.decode(PartialSums.encode(sums));

    assertEquals(sums, read);
    assertEquals("1125/44", read.managed().exact());
    assertEquals(FRACTION, read.serviced().get(0).managedPoints());
    assertEquals(null, read.serviced().get(1).creditUntil());
  }

  @Test
  void aShardsItemsAreAPureFunctionOfItsSumsSoARetryWritesTheSameItems() {
    SortedMap<Long, PartnerSums> sums = new TreeMap<>(Map.of(8L, sums(2), 16L, sums(1)));
    SortedMap<Long, String> failed = new TreeMap<>(Map.of(24L, "client 5 could not be read"));

    List<Map<String, AttributeValue>> once = PartialSums.items(AS_OF, "abc", 3, 0, sums, failed, 99);
    List<Map<String, AttributeValue>> again = PartialSums.items(AS_OF, "abc", 3, 0,
        new TreeMap<>(Map.of(16L, sums(1), 8L, sums(2))), failed, 99);

    assertEquals(once, again);
    assertEquals(1, once.size());
    Map<String, AttributeValue> item = once.get(0);
    assertEquals(Keys.runPartials(AS_OF.toEpochMilli(), 0), item.get(Attr.PK).s());
    assertEquals("SHARD#00003#PART#0000", item.get(Attr.SK).s());
    assertEquals("1", item.get(Attr.PARTS).n());
    assertEquals("abc", item.get(Attr.PLAN).s());
    assertEquals("99", item.get(Attr.EXPIRES_AT).n());
    assertEquals("client 5 could not be read", item.get(Attr.FAILED).m().get("24").s());
    assertFalse(item.containsKey(Attr.GSI1PK) || item.containsKey(Attr.GSI2PK), "never listed as an entity");
    assertTrue(item.get(Attr.SUMS).m().get("8").m().get(Attr.EXACT_MANAGED).s().contains("/"), "exact, as a string");
  }

  @Test
  void aLargeShardSplitsIntoPartsUnderTheItemLimitAndItsFirstPartCountsThem() {
    SortedMap<Long, PartnerSums> sums = new TreeMap<>();
    for (long partner = 0; partner < 40; partner++) {
      sums.put(partner * 8, sums(400)); // 16,000 serviced clients in one bucket of one shard
    }

    List<Map<String, AttributeValue>> items = PartialSums.items(AS_OF, "abc", 0, 0, sums, new TreeMap<>(), 99);

    assertTrue(items.size() > 1, "parts: " + items.size());
    assertEquals(Integer.toString(items.size()), items.get(0).get(Attr.PARTS).n());
    int partners = 0;
    for (Map<String, AttributeValue> part : items) {
      assertTrue(RunItems.bytes(AttributeValue.fromM(part)) < 400 * 1024, "under DynamoDB's 400 KB");
      partners += part.get(Attr.SUMS).m().size();
    }
    assertEquals(40, partners, "a partner's sums are never split between parts");
  }

  @Test
  void workingItemsAreKeptThreeDaysAfterTheRunsTimeAndADayAfterALateWrite() {
    long asOfPlus3Days = AS_OF.plus(Duration.ofDays(3)).getEpochSecond();
    assertEquals(asOfPlus3Days, RunItems.expiresAt(AS_OF, Clock.fixed(AS_OF.plusSeconds(60), ZoneOffset.UTC)));
    assertEquals(asOfPlus3Days, RunItems.expiresAt(AS_OF, Clock.fixed(AS_OF.plus(Duration.ofDays(2)), ZoneOffset.UTC)),
        "a retry within two days writes the same TTL, so the same item");
    Instant late = AS_OF.plus(Duration.ofDays(6));
    assertEquals(late.plus(Duration.ofDays(1)).getEpochSecond(), RunItems.expiresAt(AS_OF, Clock.fixed(late, ZoneOffset.UTC)),
        "a run replayed days later keeps what it writes long enough to finish");
  }

  @Test
  void anItemPastItsTtlIsGoneWhetherOrNotDynamoDbDeletedIt() {
    Map<String, AttributeValue> item = Map.of(Attr.EXPIRES_AT, AttributeValue.fromN("1000"));
    assertTrue(RunItems.expired(item, Attr.EXPIRES_AT, Clock.fixed(Instant.ofEpochSecond(1000), ZoneOffset.UTC)));
    assertFalse(RunItems.expired(item, Attr.EXPIRES_AT, Clock.fixed(Instant.ofEpochSecond(999), ZoneOffset.UTC)));
  }
}
