package com.partnercredit.domain;

/** Moves a fact to other partner, client, employee and user ids, to combine scenarios in one fact set. */
final class Shift {
  private Shift() {}

  static Fact ids(Fact f, long o, String idPrefix) {
    String e = idPrefix + f.eventId();
    if (f instanceof PartnerRegistered x) {
      return new PartnerRegistered(e, x.occurredAt(), x.partnerId() + o, x.name(), x.domains(), x.growthMarket());
    } else if (f instanceof EmployeeAdded x) {
      return new EmployeeAdded(e, x.occurredAt(), x.partnerId() + o, x.employeeId() + o, o + "." + x.email());
    } else if (f instanceof EmployeeRemoved x) {
      return new EmployeeRemoved(e, x.occurredAt(), x.partnerId() + o, x.employeeId() + o);
    } else if (f instanceof ClientUpserted x) {
      return new ClientUpserted(e, x.occurredAt(), x.clientId() + o, x.name(), x.domain(), x.currency());
    } else if (f instanceof SubscriptionChanged x) {
      return new SubscriptionChanged(e, x.occurredAt(), x.clientId() + o, x.mrr());
    } else if (f instanceof ClientUserAdded x) {
      return new ClientUserAdded(e, x.occurredAt(), x.clientId() + o, x.userId() + o, o + "." + x.email());
    } else if (f instanceof ClientUserDeactivated x) {
      return new ClientUserDeactivated(e, x.occurredAt(), x.clientId() + o, x.userId() + o);
    } else if (f instanceof ClientUserReactivated x) {
      return new ClientUserReactivated(e, x.occurredAt(), x.clientId() + o, x.userId() + o);
    } else if (f instanceof ClientUserRemoved x) {
      return new ClientUserRemoved(e, x.occurredAt(), x.clientId() + o, x.userId() + o);
    } else if (f instanceof ClientLinked x) {
      return new ClientLinked(e, x.occurredAt(), x.partnerId() + o, x.employeeId() + o, x.clientId() + o);
    } else if (f instanceof ClientUnlinked x) {
      return new ClientUnlinked(e, x.occurredAt(), x.partnerId() + o, x.employeeId() + o, x.clientId() + o);
    } else if (f instanceof DealSold x) {
      return new DealSold(e, x.occurredAt(), x.partnerId() + o, x.clientId() + o, x.mrr(), x.kind());
    } else if (f instanceof Activity x) {
      return new Activity(e, x.clientId() + o, x.userId() + o, x.type(), x.occurredAt(), x.qualifying());
    }
    throw new IllegalArgumentException(f.toString());
  }
}
