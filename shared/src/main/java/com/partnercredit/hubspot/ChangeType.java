package com.partnercredit.hubspot;

import com.partnercredit.domain.ClientLinked;
import com.partnercredit.domain.ClientUnlinked;
import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.ClientUserDeactivated;
import com.partnercredit.domain.ClientUserReactivated;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.EmployeeRemoved;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.SubscriptionChanged;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.stream.Collectors;

/** The event types of {@code POST /webhooks/assignments} and the fields each needs (docs/api.md section 3). */
public enum ChangeType {
  PARTNER_REGISTERED((f, id, at) -> new PartnerRegistered(
      id, at, f.id("partnerId"), f.text("name"), f.domains("domains"), f.bool("growthMarket"))),
  EMPLOYEE_ADDED((f, id, at) -> new EmployeeAdded(id, at, f.id("partnerId"), f.id("employeeId"), f.email("email"))),
  EMPLOYEE_REMOVED((f, id, at) -> new EmployeeRemoved(id, at, f.id("partnerId"), f.id("employeeId"))),
  CLIENT_UPSERTED((f, id, at) -> new ClientUpserted(
      id, at, f.id("clientId"), f.text("name"), f.text("domain"), f.currency("currency"))),
  SUBSCRIPTION_CHANGED((f, id, at) -> {
    long clientId = f.id("clientId");
    Currency currency = f.currency("currency");
    return new SubscriptionChanged(id, at, clientId, f.money("mrr", currency));
  }),
  CLIENT_USER_ADDED((f, id, at) -> new ClientUserAdded(id, at, f.id("clientId"), f.id("userId"), f.email("email"))),
  CLIENT_USER_DEACTIVATED((f, id, at) -> new ClientUserDeactivated(id, at, f.id("clientId"), f.id("userId"))),
  CLIENT_USER_REACTIVATED((f, id, at) -> new ClientUserReactivated(id, at, f.id("clientId"), f.id("userId"))),
  CLIENT_USER_REMOVED((f, id, at) -> new ClientUserRemoved(id, at, f.id("clientId"), f.id("userId"))),
  CLIENT_LINKED((f, id, at) -> new ClientLinked(id, at, f.id("partnerId"), f.id("employeeId"), f.id("clientId"))),
  CLIENT_UNLINKED((f, id, at) -> new ClientUnlinked(id, at, f.id("partnerId"), f.id("employeeId"), f.id("clientId"))),
  DEAL_SOLD((f, id, at) -> {
    long partnerId = f.id("partnerId");
    long clientId = f.id("clientId");
    Currency currency = f.currency("currency");
    return new DealSold(id, at, partnerId, clientId, f.money("mrr", currency), f.dealKind("kind"));
  });

  @FunctionalInterface
  interface FactReader {
    Fact read(ChangeFields fields, String eventId, Instant occurredAt) throws ChangeEvent.Invalid;
  }

  private static final String KNOWN = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

  private final FactReader reader;

  ChangeType(FactReader reader) {
    this.reader = reader;
  }

  static ChangeType of(String type) throws ChangeEvent.Invalid {
    for (ChangeType known : values()) {
      if (known.name().equals(type)) {
        return known;
      }
    }
    throw new ChangeEvent.Invalid("unknown type '" + Limits.echo(type) + "': expected one of " + KNOWN);
  }

  Fact fact(ChangeFields fields, String eventId, Instant occurredAt) throws ChangeEvent.Invalid {
    return reader.read(fields, eventId, occurredAt);
  }
}
