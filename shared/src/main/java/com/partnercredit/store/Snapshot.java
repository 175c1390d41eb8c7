package com.partnercredit.store;

import com.partnercredit.domain.Tier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A partner's published figures for one UTC day, kept so that the next run can say what changed,
 * the history can list them and a breakdown before the live horizon can answer from them
 * (docs/api.md section 4). The publisher writes it; any function may read it ({@link SnapshotStore}).
 * Points are the displayed values (rounded once, rulebook section 8); the per-client and per-deal
 * values are what {@code change} compares. The item is a pure function of the snapshot, so a
 * re-run of the same day overwrites it with the same item.
 *
 * <p>Size: about 20 bytes per serviced client and up to ~270 per deal. The maps stay inline while
 * they are small; past {@value #INLINE_DETAIL_BYTES} bytes they move to detail parts of at most
 * {@value #PART_BYTES} bytes each ({@link Keys#snapshotDetail}), so no partner's snapshot comes near
 * DynamoDB's 400 KB item limit, however many clients or deals it has.
 *
 * @param managedByClient serviced clientId to its managed points
 * @param soldByDeal eventId of each deal earning sold points to its points
 */
public record Snapshot(
    long partnerId, LocalDate day, Instant asOf, Tier tier, BigDecimal managed, BigDecimal sold,
    BigDecimal total, int servicedClients, SortedMap<Long, BigDecimal> managedByClient,
    SortedMap<String, BigDecimal> soldByDeal) {

  static final String KIND = "SNAPSHOT";
  static final int INLINE_DETAIL_BYTES = 64 * 1024;
  static final int PART_BYTES = 128 * 1024;

  public Snapshot {
    managedByClient = Collections.unmodifiableSortedMap(new TreeMap<>(managedByClient));
    soldByDeal = Collections.unmodifiableSortedMap(new TreeMap<>(soldByDeal));
  }

  public static LocalDate dayOf(Instant asOf) {
    return LocalDate.ofInstant(asOf, ZoneOffset.UTC);
  }

  /**
   * What changed since {@code previous} (the partner's latest earlier snapshot): the gross flows of
   * managed and sold points ({@link SnapshotChange}); everything is new when there is none.
   */
  public SnapshotChange changeSince(Optional<Snapshot> previous) {
    return SnapshotChange.between(this, previous);
  }

  /** The snapshot's main item, with its maps inline when they are small (tests and readers of one item). */
  public Map<String, AttributeValue> item() {
    return items().get(0);
  }

  /**
   * The items that hold this snapshot: the main item first, then the detail parts when the maps are
   * too large to be inline. A pure function of the snapshot: a re-run writes the same items.
   */
  public List<Map<String, AttributeValue>> items() {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, AttributeValue.fromS(Keys.snapshots(partnerId)));
    item.put(Attr.SK, AttributeValue.fromS(Keys.snapshotDay(day)));
    item.put(Attr.KIND, AttributeValue.fromS(KIND));
    item.put(Attr.PARTNER_ID, AttributeValue.fromN(Long.toString(partnerId)));
    item.put(Attr.AS_OF, AttributeValue.fromS(asOf.toString()));
    item.put(Attr.TIER, AttributeValue.fromS(tier.name()));
    item.put(Attr.MANAGED, decimal(managed));
    item.put(Attr.SOLD, decimal(sold));
    item.put(Attr.TOTAL, decimal(total));
    item.put(Attr.SERVICED_CLIENTS, AttributeValue.fromN(Integer.toString(servicedClients)));
    List<Map<String, AttributeValue>> parts = detailParts();
    if (parts.isEmpty()) {
      item.put(Attr.MANAGED_BY_CLIENT, decimals(managedByClient, String::valueOf));
      item.put(Attr.SOLD_BY_DEAL, decimals(soldByDeal, Function.identity()));
      return List.of(item);
    }
    item.put(Attr.DETAIL_PARTS, AttributeValue.fromN(Integer.toString(parts.size())));
    List<Map<String, AttributeValue>> items = new ArrayList<>(parts.size() + 1);
    items.add(item);
    items.addAll(parts);
    return items;
  }

  /** The maps cut into parts of at most {@value #PART_BYTES} bytes; none when they fit inline. */
  private List<Map<String, AttributeValue>> detailParts() {
    long inline = 0;
    for (Map.Entry<Long, BigDecimal> e : managedByClient.entrySet()) {
      inline += entryBytes(String.valueOf(e.getKey()), e.getValue());
    }
    for (Map.Entry<String, BigDecimal> e : soldByDeal.entrySet()) {
      inline += entryBytes(e.getKey(), e.getValue());
    }
    if (inline <= INLINE_DETAIL_BYTES) {
      return List.of();
    }
    List<Map<String, AttributeValue>> parts = new ArrayList<>();
    Map<String, AttributeValue> clients = new HashMap<>();
    Map<String, AttributeValue> deals = new HashMap<>();
    long bytes = 0;
    List<Map.Entry<String, BigDecimal>> entries = new ArrayList<>();
    managedByClient.forEach((k, v) -> entries.add(Map.entry("c" + k, v)));
    soldByDeal.forEach((k, v) -> entries.add(Map.entry("d" + k, v)));
    for (Map.Entry<String, BigDecimal> e : entries) {
      long size = entryBytes(e.getKey(), e.getValue());
      if (bytes + size > PART_BYTES) {
        parts.add(part(parts.size(), clients, deals));
        clients = new HashMap<>();
        deals = new HashMap<>();
        bytes = 0;
      }
      (e.getKey().charAt(0) == 'c' ? clients : deals).put(e.getKey().substring(1), decimal(e.getValue()));
      bytes += size;
    }
    parts.add(part(parts.size(), clients, deals));
    return parts;
  }

  private Map<String, AttributeValue> part(int n, Map<String, AttributeValue> clients, Map<String, AttributeValue> deals) {
    Map<String, AttributeValue> part = new HashMap<>();
    part.put(Attr.PK, AttributeValue.fromS(Keys.snapshotDetail(partnerId, day)));
    part.put(Attr.SK, AttributeValue.fromS(Keys.snapshotPart(n)));
    part.put(Attr.MANAGED_BY_CLIENT, AttributeValue.fromM(clients));
    part.put(Attr.SOLD_BY_DEAL, AttributeValue.fromM(deals));
    return part;
  }

  /** An upper bound of a map entry's bytes in an item: key, value and DynamoDB's overhead. */
  private static long entryBytes(String key, BigDecimal value) {
    return key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + value.toPlainString().length() + 8;
  }

  /** How many detail parts the main item says it has (0 when its maps are inline). */
  static int detailPartsOf(Map<String, AttributeValue> item) {
    AttributeValue parts = item.get(Attr.DETAIL_PARTS);
    return parts == null ? 0 : Integer.parseInt(parts.n());
  }

  /** A snapshot from its main item and, when it has any, its detail parts. */
  static Snapshot from(Map<String, AttributeValue> item, List<Map<String, AttributeValue>> parts) {
    if (detailPartsOf(item) == 0) {
      return from(item);
    }
    Map<String, AttributeValue> whole = new HashMap<>(item);
    Map<String, AttributeValue> clients = new HashMap<>();
    Map<String, AttributeValue> deals = new HashMap<>();
    for (Map<String, AttributeValue> part : parts) {
      clients.putAll(part.get(Attr.MANAGED_BY_CLIENT).m());
      deals.putAll(part.get(Attr.SOLD_BY_DEAL).m());
    }
    whole.put(Attr.MANAGED_BY_CLIENT, AttributeValue.fromM(clients));
    whole.put(Attr.SOLD_BY_DEAL, AttributeValue.fromM(deals));
    return from(whole);
  }

  public static Snapshot from(Map<String, AttributeValue> item) {
    SortedMap<Long, BigDecimal> clients = new TreeMap<>();
    item.get(Attr.MANAGED_BY_CLIENT).m().forEach((k, v) -> clients.put(Long.parseLong(k), new BigDecimal(v.s())));
    SortedMap<String, BigDecimal> deals = new TreeMap<>();
    item.get(Attr.SOLD_BY_DEAL).m().forEach((k, v) -> deals.put(k, new BigDecimal(v.s())));
    return new Snapshot(
        Long.parseLong(item.get(Attr.PARTNER_ID).n()),
        LocalDate.parse(item.get(Attr.SK).s()),
        Instant.parse(item.get(Attr.AS_OF).s()),
        Tier.valueOf(item.get(Attr.TIER).s()),
        new BigDecimal(item.get(Attr.MANAGED).s()),
        new BigDecimal(item.get(Attr.SOLD).s()),
        new BigDecimal(item.get(Attr.TOTAL).s()),
        Integer.parseInt(item.get(Attr.SERVICED_CLIENTS).n()),
        clients, deals);
  }

  private static AttributeValue decimal(BigDecimal value) {
    return AttributeValue.fromS(value.toPlainString());
  }

  private static <K> AttributeValue decimals(Map<K, BigDecimal> values, Function<K, String> key) {
    Map<String, AttributeValue> m = new HashMap<>();
    values.forEach((k, v) -> m.put(key.apply(k), decimal(v)));
    return AttributeValue.fromM(m);
  }
}
