package com.partnercredit.domain;

import java.time.Instant;

/**
 * Something that happened at {@link #occurredAt()} (rulebook section 1). Facts may arrive late, twice
 * or out of order; results depend only on the set of facts and their times.
 *
 * <p>Two facts are the same fact when they are equal records: a fact delivered twice counts once.
 * Times are kept at millisecond precision (the constructors truncate).
 */
public sealed interface Fact
    permits PartnerRegistered, EmployeeAdded, EmployeeRemoved, ClientUpserted, SubscriptionChanged,
        ClientUserAdded, ClientUserDeactivated, ClientUserReactivated, ClientUserRemoved,
        ClientLinked, ClientUnlinked, DealSold, Activity {

  /** The sender's id of this fact (HubSpot's numeric event ids are kept as strings). */
  String eventId();

  /** When it happened, UTC, millisecond precision. */
  Instant occurredAt();
}
