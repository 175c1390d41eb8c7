package com.partnercredit.tier;

import com.partnercredit.domain.ClientLinked;
import com.partnercredit.domain.ClientUnlinked;
import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.ClientUserDeactivated;
import com.partnercredit.domain.ClientUserReactivated;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.SubscriptionChanged;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.store.ActivityStore;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stored facts for a test, in the rulebook's words: the items the assignment and activity webhooks
 * store ({@link FactItems}, {@link ActivityStore#item}), batch-written so that thousands of clients
 * seed quickly. Ids are unique per JVM, so tests sharing a table do not see each other's partners.
 */
final class World {
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 10_000);
  private static final ActivityCatalogue CATALOGUE = ActivityCatalogue.standard();

  private final BatchWriter writer;
  private final List<Map<String, AttributeValue>> pending = new ArrayList<>();

  World(DynamoDbClient dynamo, String table) {
    this.writer = new BatchWriter(dynamo, table);
  }

  static long newId() {
    return IDS.incrementAndGet();
  }

  private static String eventId() {
    return "w" + newId();
  }

  World add(Fact fact) {
    pending.add(FactItems.item(fact, "SYSTEM:0:0"));
    return this;
  }

  World partner(long partnerId, String name, String domain, Instant at) {
    return add(new PartnerRegistered(eventId(), at, partnerId, name, List.of(domain), false));
  }

  World employee(long partnerId, long employeeId, String email, Instant at) {
    return add(new EmployeeAdded(eventId(), at, partnerId, employeeId, email));
  }

  World client(long clientId, String name, String currency, String mrr, Instant at) {
    add(new ClientUpserted(eventId(), at, clientId, name, "client" + clientId + ".example", Currency.getInstance(currency)));
    return add(new SubscriptionChanged(eventId(), at, clientId, Money.of(mrr, currency)));
  }

  World user(long clientId, long userId, String email, Instant at) {
    return add(new ClientUserAdded(eventId(), at, clientId, userId, email));
  }

  World userRemoved(long clientId, long userId, Instant at) {
    return add(new ClientUserRemoved(eventId(), at, clientId, userId));
  }

  World userDeactivated(long clientId, long userId, Instant at) {
    return add(new ClientUserDeactivated(eventId(), at, clientId, userId));
  }

  World userReactivated(long clientId, long userId, Instant at) {
    return add(new ClientUserReactivated(eventId(), at, clientId, userId));
  }

  World linked(long partnerId, long employeeId, long clientId, Instant at) {
    return add(new ClientLinked(eventId(), at, partnerId, employeeId, clientId));
  }

  World unlinked(long partnerId, long employeeId, long clientId, Instant at) {
    return add(new ClientUnlinked(eventId(), at, partnerId, employeeId, clientId));
  }

  /** A qualifying activity, stored as ingestion stores it (ingestion stores nothing else). */
  World activity(long clientId, long userId, String type, Instant at) {
    if (!CATALOGUE.isQualifying(type)) {
      throw new IllegalArgumentException(type + " does not qualify: ingestion would not store it");
    }
    pending.add(ActivityStore.item(newId(), clientId, userId, type,
        CATALOGUE.lookup(type).tool(), at.toEpochMilli(), 42L, 5501L, "CRM_UI"));
    return this;
  }

  /**
   * The budget's partner: {@code clients} USD clients, each serviced by this partner and one other,
   * both with three employees who are all users on every client and were each active there
   * {@code activityAge} ago. Returns the partner's id.
   */
  long portfolio(int clients, Instant now, java.time.Duration activityAge) throws StorageUnavailable {
    long partner = newId();
    long other = newId();
    Instant start = now.minus(java.time.Duration.ofDays(50));
    List<String> emails = new ArrayList<>();
    for (long p : List.of(partner, other)) {
      partner(p, "Partner " + p, "p" + p + ".example", start);
      for (int e = 1; e <= 3; e++) {
        String email = "employee" + e + "@p" + p + ".example";
        employee(p, e, email, start);
        emails.add(email);
      }
    }
    for (int c = 0; c < clients; c++) {
      long client = newId();
      client(client, "Client " + client, "USD", "1000.00", start);
      for (String email : emails) {
        long user = newId();
        user(client, user, email, start);
        activity(client, user, "contact.creation", now.minus(activityAge));
      }
      if (pending.size() > 1000) {
        store();
      }
    }
    store();
    return partner;
  }

  /** Writes everything added so far. */
  void store() throws StorageUnavailable {
    writer.putAll(List.copyOf(pending));
    pending.clear();
  }
}
