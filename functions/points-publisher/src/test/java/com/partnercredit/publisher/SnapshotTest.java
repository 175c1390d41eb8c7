package com.partnercredit.publisher;

import static com.partnercredit.domain.Scenario.d;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.Attr;
import com.partnercredit.store.Keys;
import com.partnercredit.store.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  private static final Instant AS_OF = d(20);

  /** Partner 1 servicing a USD and a JPY client, with a sourced deal. */
  private static Snapshot snapshot() {
    PartnerResult result = PartnerResult.of(new Scenario()
        .partner(1, "agency.com")
        .employeeAdded(1, 901, "alice@agency.com", d(0))
        .client(10, "USD", "1000.00", d(0))
        .client(20, "JPY", "120000", d(0))
        .userAdded(10, 11, "alice@agency.com", d(0))
        .userAdded(20, 21, "alice@agency.com", d(0))
        .activity(10, 11, d(1))
        .activity(20, 21, d(2))
        .dealSold(1, 10, "250.00", "USD", DealKind.SOURCED, d(3))
        .partner(1, AS_OF));
    return result.snapshot(AS_OF);
  }

  @Test
  void aSnapshotReadBackFromItsItemIsTheSame() {
    Snapshot snapshot = snapshot();

    assertEquals(snapshot, Snapshot.from(snapshot.item()));
  }

  @Test
  void aSnapshotWithoutClientsOrDealsReadsBackTheSame() {
    Snapshot empty = new Snapshot(3, Snapshot.dayOf(AS_OF), AS_OF, com.partnercredit.domain.Tier.PROVIDER,
        new BigDecimal("0.00"), new BigDecimal("0.00"), new BigDecimal("0.00"), 0, new java.util.TreeMap<>(),
        new java.util.TreeMap<>());

    assertEquals(empty, Snapshot.from(empty.item()));
  }

  @Test
  void itHoldsThePartnersServicedClientsAndDeals() {
    Snapshot snapshot = snapshot();

    assertEquals(List.of(10L, 20L), List.copyOf(snapshot.managedByClient().keySet()));
    assertEquals(1, snapshot.soldByDeal().size());
    assertEquals(2, snapshot.servicedClients());
    assertEquals(snapshot.managed().add(snapshot.sold()), snapshot.total());
  }

  @Test
  void itsItemIsKeyedByPartnerAndUtcDay() {
    Snapshot snapshot = snapshot();

    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = snapshot.item();

    assertEquals(Keys.snapshots(1), item.get(Attr.PK).s());
    assertEquals(Keys.snapshotDay(Snapshot.dayOf(AS_OF)), item.get(Attr.SK).s());
  }

}
