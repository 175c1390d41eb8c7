package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Tier;
import com.partnercredit.store.SnapshotStore.DayFigures;
import com.partnercredit.testsupport.ItemBytes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The program's record of a day: its binary form, its parts, its size. */
class ProgramFiguresTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-28");
  private static final Instant AS_OF = Instant.parse("2026-11-28T02:00:00Z");
  private static final Tier[] TIERS = Tier.values();

  private static DayFigures figures(Tier tier, String total) {
    return new DayFigures(tier, new BigDecimal(total));
  }

  /** Partners as HubSpot's size has them (ids 1M to 60M, as PublisherScaleModel draws them), totals to 50,000. */
  private static SortedMap<Long, DayFigures> partners(int count, long seed) {
    Random random = new Random(seed);
    Set<Long> ids = new HashSet<>();
    while (ids.size() < count) {
      ids.add(1_000_000L + (long) (random.nextDouble() * 59_000_000));
    }
    SortedMap<Long, DayFigures> partners = new TreeMap<>();
    for (long id : ids) {
      partners.put(id, new DayFigures(TIERS[random.nextInt(TIERS.length)],
          BigDecimal.valueOf(random.nextInt(5_000_000), 2)));
    }
    return partners;
  }

  @Test
  void figuresComeBackExactlyTierAndTotalWithItsScale() {
    SortedMap<Long, DayFigures> partners = new TreeMap<>(Map.of(
        1L, figures(Tier.PROVIDER, "0.00"),
        2L, figures(Tier.GOLD, "1000.00"),
        129L, figures(Tier.PLATINUM, "12.50"),
        5_000_000_000L, figures(Tier.DIAMOND, "-3.25"),
        Long.MAX_VALUE, figures(Tier.ELITE, "123456789012345678901234567890.99")));
    partners.putAll(partners(500, 7));

    assertEquals(partners, ProgramFigures.decode(ProgramFigures.encode(partners)));
  }

  @Test
  void negativeIdsAndScalesOtherThanTwoComeBackToo() {
    SortedMap<Long, DayFigures> partners = new TreeMap<>(Map.of(
        Long.MIN_VALUE, figures(Tier.GOLD, "7"),
        -5L, figures(Tier.GOLD, "7.125"),
        0L, figures(Tier.ELITE, "0.0000000001")));

    assertEquals(partners, ProgramFigures.decode(ProgramFigures.encode(partners)));
  }

  @Test
  void aTotalWithANegativeScaleComesBackAsItsSnapshotStoresIt() {
    BigDecimal thousand = new BigDecimal("1E+3");
    SortedMap<Long, DayFigures> partners = new TreeMap<>(Map.of(1L, new DayFigures(Tier.GOLD, thousand)));

    DayFigures back = ProgramFigures.decode(ProgramFigures.encode(partners)).get(1L);

    assertEquals(new BigDecimal(thousand.toPlainString()), back.total(), "the snapshot's decimal string, read back");
  }

  @Test
  void aBadFormatOrACutBlobIsRefused() {
    byte[] blob = ProgramFigures.encode(new TreeMap<>(Map.of(300L, figures(Tier.GOLD, "1000.00"))));

    assertThrows(IllegalArgumentException.class, () -> ProgramFigures.decode(new byte[] {9, 1, 1, 0}));
    assertThrows(IllegalArgumentException.class, () -> ProgramFigures.decode(java.util.Arrays.copyOf(blob, blob.length - 1)));
    assertEquals(Map.of(), ProgramFigures.decode(new byte[] {ProgramFigures.FORMAT}));
  }

  @Test
  void aBucketIsOneItemWithItsCountsPerTierAndItsPartCount() {
    SortedMap<Long, DayFigures> partners = partners(500, 1);

    List<Map<String, AttributeValue>> items = ProgramFigures.items(DAY, AS_OF, 3, 24, partners, ProgramFigures.PART_BYTES);

    assertEquals(1, items.size());
    Map<String, AttributeValue> item = items.get(0);
    assertEquals("SNAPSHOTS#PROGRAM#2026-11-28", item.get(Attr.PK).s());
    assertEquals("BUCKET#0003#OF#0024#PART#000", item.get(Attr.SK).s());
    assertEquals("1", item.get(Attr.PARTS).n());
    assertEquals(AS_OF.toString(), item.get(Attr.AS_OF).s());
    assertEquals(ProgramFigures.counts(partners.values()), ProgramFigures.tierCounts(item.get(Attr.TIERS)));
    assertEquals(500, ProgramFigures.tierCounts(item.get(Attr.TIERS)).values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(partners, ProgramFigures.decode(item.get(Attr.FIGURES).b().asByteArray()));
  }

  @Test
  void anEmptyBucketIsStillOneItemEveryTierZero() {
    List<Map<String, AttributeValue>> items = ProgramFigures.items(DAY, AS_OF, 0, 8, new TreeMap<>(), ProgramFigures.PART_BYTES);

    assertEquals(1, items.size());
    assertEquals("1", items.get(0).get(Attr.PARTS).n());
    assertEquals(ProgramFigures.zeroCounts(), ProgramFigures.tierCounts(items.get(0).get(Attr.TIERS)));
    assertEquals(Map.of(), ProgramFigures.decode(items.get(0).get(Attr.FIGURES).b().asByteArray()));
  }

  @Test
  void aLargeBucketIsCutIntoPartsEachWithinTheLimitEachPartnerInExactlyOne() {
    SortedMap<Long, DayFigures> partners = partners(2_000, 2);
    int partBytes = 1_000;

    List<Map<String, AttributeValue>> items = ProgramFigures.items(DAY, AS_OF, 5, 8, partners, partBytes);

    assertTrue(items.size() >= 10, "about 8 bytes a partner: " + items.size() + " parts");
    assertEquals(Integer.toString(items.size()), items.get(0).get(Attr.PARTS).n());
    SortedMap<Long, DayFigures> back = new TreeMap<>();
    for (int n = 0; n < items.size(); n++) {
      Map<String, AttributeValue> item = items.get(n);
      assertEquals(Keys.programPart(5, 8, n), item.get(Attr.SK).s());
      assertEquals(n == 0, item.containsKey(Attr.PARTS), "only part 0 counts the parts");
      byte[] blob = item.get(Attr.FIGURES).b().asByteArray();
      assertTrue(blob.length <= partBytes, "part " + n + ": " + blob.length + " bytes");
      SortedMap<Long, DayFigures> part = ProgramFigures.decode(blob);
      assertEquals(ProgramFigures.counts(part.values()), ProgramFigures.tierCounts(item.get(Attr.TIERS)),
          "each part counts its own partners");
      part.keySet().forEach(id -> assertTrue(!back.containsKey(id), "partner " + id + " twice"));
      back.putAll(part);
    }
    assertEquals(partners, back);
  }

  @Test
  void theSameFiguresGiveTheSameItems() {
    assertEquals(ProgramFigures.items(DAY, AS_OF, 1, 8, partners(3_000, 3), 4_000),
        ProgramFigures.items(DAY, AS_OF, 1, 8, partners(3_000, 3), 4_000));
  }

  @Test
  void tenThousandPartnersTakeAbout8BytesEachAndEveryItemIsFarUnder400Kb() {
    int buckets = 24; // HubSpot's size: 10,000 partners in 24 buckets
    SortedMap<Long, DayFigures> all = partners(10_000, 21);
    long bytes = 0;
    long largest = 0;
    for (int b = 0; b < buckets; b++) {
      SortedMap<Long, DayFigures> bucket = new TreeMap<>();
      for (Map.Entry<Long, DayFigures> e : all.entrySet()) {
        if (Math.floorMod(e.getKey(), (long) buckets) == b) {
          bucket.put(e.getKey(), e.getValue());
        }
      }
      for (Map<String, AttributeValue> item : ProgramFigures.items(DAY, AS_OF, b, buckets, bucket, ProgramFigures.PART_BYTES)) {
        long size = ItemBytes.of(item);
        bytes += size;
        largest = Math.max(largest, size);
      }
    }
    double perPartner = bytes / 10_000.0;
    System.out.printf("program record of 10,000 partners: %,d bytes in %d items (largest %,d): %.2f bytes a partner%n",
        bytes, buckets, largest, perPartner);
    assertTrue(perPartner <= 9.0, perPartner + " bytes a partner");
    assertTrue(largest < 10_000, "a bucket's item: " + largest + " bytes");
  }

  @Test
  void aBucketOf60000PartnersStaysUnder400KbAPart() {
    for (Map<String, AttributeValue> item : ProgramFigures.items(DAY, AS_OF, 0, 8, partners(60_000, 4),
        ProgramFigures.PART_BYTES)) {
      assertTrue(ItemBytes.of(item) < 70_000, ItemBytes.of(item) + " bytes");
    }
  }
}
