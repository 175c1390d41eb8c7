package com.partnercredit.store;

import com.partnercredit.domain.Tier;
import com.partnercredit.store.SnapshotStore.DayFigures;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The program's record of a published day, as items (pure, no I/O): each bucket's partners with their
 * tier and total, in a compact binary form, cut into parts of at most {@value #PART_BYTES} bytes.
 *
 * <p>Format 1: a format byte, then per partner in id order: the id's increase over the previous one
 * (unsigned varint; the first from 0), a byte holding the tier (low 3 bits) and the total's scale (high
 * 5 bits), and the total's unscaled value (zigzag varint, any length). About 8 bytes a partner.
 */
final class ProgramFigures {
  static final byte FORMAT = 1;
  static final String KIND = "PROGRAM_DAY";
  static final String TIERS_KIND = "PROGRAM_TIERS";
  /** The most figure bytes in one part: far under DynamoDB's 400 KB item limit. */
  static final int PART_BYTES = 64 * 1024;

  private static final Tier[] TIERS = Tier.values();

  static {
    if (TIERS.length > 8) {
      throw new IllegalStateException("a tier takes 3 bits of the format: at most 8 tiers");
    }
  }

  private ProgramFigures() {}

  /** One partner's bytes (without the format byte), after the partner {@code previous}. */
  static byte[] entry(long previous, long partnerId, DayFigures figures) {
    BigDecimal total = figures.total().scale() < 0 ? figures.total().setScale(0) : figures.total();
    if (total.scale() > 31) {
      throw new IllegalArgumentException("partner " + partnerId + ": a total of more than 31 decimals: " + total);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(12);
    unsigned(out, BigInteger.valueOf(partnerId - previous).and(UNSIGNED_64));
    out.write(figures.tier().ordinal() | total.scale() << 3);
    BigInteger unscaled = total.unscaledValue();
    unsigned(out, unscaled.signum() >= 0 ? unscaled.shiftLeft(1) : unscaled.negate().shiftLeft(1).subtract(BigInteger.ONE));
    return out.toByteArray();
  }

  private static final BigInteger UNSIGNED_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static void unsigned(ByteArrayOutputStream out, BigInteger value) {
    while (value.bitLength() > 7) {
      out.write(value.intValue() & 0x7f | 0x80);
      value = value.shiftRight(7);
    }
    out.write(value.intValue());
  }

  /** Every partner's figures in one blob (one part). */
  static byte[] encode(SortedMap<Long, DayFigures> figures) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 + figures.size() * 8);
    out.write(FORMAT);
    long previous = 0;
    for (Map.Entry<Long, DayFigures> e : figures.entrySet()) {
      out.writeBytes(entry(previous, e.getKey(), e.getValue()));
      previous = e.getKey();
    }
    return out.toByteArray();
  }

  static SortedMap<Long, DayFigures> decode(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != FORMAT) {
      throw new IllegalArgumentException("not format " + FORMAT + " of the program's figures");
    }
    SortedMap<Long, DayFigures> figures = new TreeMap<>();
    int[] at = {1};
    long id = 0;
    while (at[0] < bytes.length) {
      id += unsigned(bytes, at).longValue(); // wraps as the encoder's 64-bit difference did
      int head = bytes[at[0]++] & 0xff;
      BigInteger zigzag = unsigned(bytes, at);
      BigInteger unscaled = zigzag.testBit(0) ? zigzag.add(BigInteger.ONE).shiftRight(1).negate() : zigzag.shiftRight(1);
      figures.put(id, new DayFigures(TIERS[head & 7], new BigDecimal(unscaled, head >>> 3)));
    }
    return figures;
  }

  private static BigInteger unsigned(byte[] bytes, int[] at) {
    BigInteger value = BigInteger.ZERO;
    int shift = 0;
    int b;
    do {
      if (at[0] >= bytes.length) {
        throw new IllegalArgumentException("the program's figures end inside a number");
      }
      b = bytes[at[0]++] & 0xff;
      value = value.or(BigInteger.valueOf(b & 0x7f).shiftLeft(shift));
      shift += 7;
    } while ((b & 0x80) != 0);
    return value;
  }

  /** Partners per tier, every tier present. */
  static Map<Tier, Integer> counts(Collection<DayFigures> figures) {
    Map<Tier, Integer> counts = zeroCounts();
    figures.forEach(f -> counts.merge(f.tier(), 1, Integer::sum));
    return counts;
  }

  static Map<Tier, Integer> zeroCounts() {
    Map<Tier, Integer> counts = new EnumMap<>(Tier.class);
    for (Tier tier : TIERS) {
      counts.put(tier, 0);
    }
    return counts;
  }

  /**
   * The items of one bucket of a run, a pure function of its figures: parts of at most {@code partBytes}
   * figure bytes (at least one, even empty), each with its own counts per tier; part 0 counts the parts.
   */
  static List<Map<String, AttributeValue>> items(LocalDate day, Instant asOf, int bucket, int buckets,
      SortedMap<Long, DayFigures> figures, int partBytes) {
    List<SortedMap<Long, DayFigures>> parts = new ArrayList<>();
    SortedMap<Long, DayFigures> part = new TreeMap<>();
    long previous = 0;
    int bytes = 1;
    for (Map.Entry<Long, DayFigures> e : figures.entrySet()) {
      int size = entry(part.isEmpty() ? 0 : previous, e.getKey(), e.getValue()).length;
      if (!part.isEmpty() && bytes + size > partBytes) {
        parts.add(part);
        part = new TreeMap<>();
        bytes = 1;
        size = entry(0, e.getKey(), e.getValue()).length; // a part starts from 0
      }
      part.put(e.getKey(), e.getValue());
      previous = e.getKey();
      bytes += size;
    }
    parts.add(part);
    List<Map<String, AttributeValue>> items = new ArrayList<>(parts.size());
    for (int n = 0; n < parts.size(); n++) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put(Attr.PK, AttributeValue.fromS(Keys.programDay(day)));
      item.put(Attr.SK, AttributeValue.fromS(Keys.programPart(bucket, buckets, n)));
      item.put(Attr.KIND, AttributeValue.fromS(KIND));
      item.put(Attr.AS_OF, AttributeValue.fromS(asOf.toString()));
      item.put(Attr.TIERS, tierMap(counts(parts.get(n).values())));
      item.put(Attr.FIGURES, AttributeValue.fromB(SdkBytes.fromByteArray(encode(parts.get(n)))));
      items.add(item);
    }
    items.get(0).put(Attr.PARTS, AttributeValue.fromN(Integer.toString(parts.size())));
    return items;
  }

  /** The day's item of partners per tier, written once a run completed. */
  static Map<String, AttributeValue> tiersItem(LocalDate day, Instant asOf, Map<Tier, Integer> counts) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, AttributeValue.fromS(Keys.PROGRAM_TIERS));
    item.put(Attr.SK, AttributeValue.fromS(Keys.snapshotDay(day)));
    item.put(Attr.KIND, AttributeValue.fromS(TIERS_KIND));
    item.put(Attr.AS_OF, AttributeValue.fromS(asOf.toString()));
    Map<Tier, Integer> all = zeroCounts();
    all.putAll(counts);
    item.put(Attr.TIERS, tierMap(all));
    return item;
  }

  static AttributeValue tierMap(Map<Tier, Integer> counts) {
    Map<String, AttributeValue> m = new HashMap<>();
    counts.forEach((tier, n) -> m.put(tier.name(), AttributeValue.fromN(Integer.toString(n))));
    return AttributeValue.fromM(m);
  }

  /** Counts per tier from a {@link Attr#TIERS} map, every tier present; names no tier has any more are left out. */
  static Map<Tier, Integer> tierCounts(AttributeValue tiers) {
    Map<Tier, Integer> counts = zeroCounts();
    for (Tier tier : TIERS) {
      AttributeValue n = tiers.m().get(tier.name());
      if (n != null) {
        counts.put(tier, Integer.parseInt(n.n()));
      }
    }
    return counts;
  }
}
