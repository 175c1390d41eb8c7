package com.partnercredit.store;

import com.partnercredit.domain.Tier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A partner's published figures for one UTC day, kept so that the next run can say what changed,
 * the history can list them and a breakdown before the live horizon can answer from them
 * (contracts.md section 4). The publisher writes it; any function may read it ({@link SnapshotStore}).
 * Points are the displayed values (rounded once, rulebook section 8); the per-client and per-deal
 * values are what {@code change} compares. The item is a pure function of the snapshot, so a
 * re-run of the same day overwrites it with the same item.
 *
 * <p>Size: about 20 bytes per serviced client, so a partner servicing up to ~15,000 clients fits
 * DynamoDB's 400 KB item limit.
 *
 * @param managedByClient serviced clientId to its managed points
 * @param soldByDeal eventId of each deal earning sold points to its points
 */
public record Snapshot(
    long partnerId, LocalDate day, Instant asOf, Tier tier, BigDecimal managed, BigDecimal sold,
    BigDecimal total, int servicedClients, SortedMap<Long, BigDecimal> managedByClient,
    SortedMap<String, BigDecimal> soldByDeal) {

  static final String KIND = "SNAPSHOT";

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

  public Map<String, AttributeValue> item() {
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
    item.put(Attr.MANAGED_BY_CLIENT, decimals(managedByClient, String::valueOf));
    item.put(Attr.SOLD_BY_DEAL, decimals(soldByDeal, Function.identity()));
    return item;
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
