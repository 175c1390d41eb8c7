package com.partnercredit.publisher;

import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.SubscriptionChanged;
import com.partnercredit.store.ActivityStore;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes facts and activities as the ingestion functions store them, 25 items per BatchWriteItem:
 * the data the publisher reads, without going through webhooks.
 */
final class Fixtures {
  private final BatchWriter writer;
  private final List<Map<String, AttributeValue>> pending = new ArrayList<>();
  private long nextEventId;

  Fixtures(BatchWriter writer, long firstEventId) {
    this.writer = writer;
    this.nextEventId = firstEventId;
  }

  private String id() {
    return "fx-" + nextEventId++;
  }

  Fixtures partner(long partnerId, String domain, Instant at) throws StorageUnavailable {
    return add(new PartnerRegistered(id(), at, partnerId, "Partner " + partnerId, List.of(domain), false));
  }

  Fixtures employee(long partnerId, long employeeId, String email, Instant at) throws StorageUnavailable {
    return add(new EmployeeAdded(id(), at, partnerId, employeeId, email));
  }

  Fixtures client(long clientId, String mrr, String currency, Instant at) throws StorageUnavailable {
    add(new ClientUpserted(id(), at, clientId, "Client " + clientId, "client" + clientId + ".com",
        Currency.getInstance(currency)));
    return add(new SubscriptionChanged(id(), at, clientId, Money.of(mrr, currency)));
  }

  Fixtures user(long clientId, long userId, String email, Instant at) throws StorageUnavailable {
    return add(new ClientUserAdded(id(), at, clientId, userId, email));
  }

  Fixtures deal(long partnerId, long clientId, String mrr, Instant at) throws StorageUnavailable {
    return add(new DealSold(id(), at, partnerId, clientId, Money.of(mrr, "USD"), DealKind.SOURCED));
  }

  Fixtures activity(long clientId, long userId, Instant at) throws StorageUnavailable {
    long eventId = nextEventId++;
    return item(ActivityStore.item(eventId, clientId, userId, "contact.creation", "CRM", at.toEpochMilli(),
        null, null, null));
  }

  Fixtures add(Fact fact) throws StorageUnavailable {
    return item(FactItems.item(fact, "SYSTEM:0:0"));
  }

  Fixtures item(Map<String, AttributeValue> item) throws StorageUnavailable {
    pending.add(item);
    if (pending.size() >= 25) {
      flush();
    }
    return this;
  }

  Fixtures flush() throws StorageUnavailable {
    writer.putAll(pending);
    pending.clear();
    return this;
  }
}
