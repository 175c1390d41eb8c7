package com.partnercredit.domain;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * {@code CLIENT_USER_REACTIVATED}: a DEACTIVATED user is ACTIVE again from {@code occurredAt} (section 3).
 * No effect on a user that is not DEACTIVATED. Only a partner admin of the partner whose employee the
 * user is may reactivate ({@code byPartnerAdmin}); the engine ignores one sent by another partner
 * ({@link PartnerAdminRight}), deciding on all facts known, whatever their order of arrival.
 */
public record ClientUserReactivated(String eventId, Instant occurredAt, long clientId, long userId, OptionalLong byPartnerAdmin)
    implements Fact {

  /** Sent by the system (HubSpot itself), not by a partner admin. */
  public ClientUserReactivated(String eventId, Instant occurredAt, long clientId, long userId) {
    this(eventId, occurredAt, clientId, userId, OptionalLong.empty());
  }

  public ClientUserReactivated {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    byPartnerAdmin = Check.required(byPartnerAdmin, "byPartnerAdmin");
  }
}
