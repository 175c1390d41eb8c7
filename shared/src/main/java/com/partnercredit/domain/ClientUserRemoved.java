package com.partnercredit.domain;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * {@code CLIENT_USER_REMOVED}: the user is no longer on the client's account. When it leaves no user whose
 * email is that of a current employee of a partner, that partner's relationship with the client ends at
 * once (section 6). Sent by the system, or by a partner admin ({@code byPartnerAdmin}) of the partner
 * whose employee the user is; the engine ignores one sent by another partner's admin
 * ({@link PartnerAdminRight}), so that no partner can end another's credit.
 */
public record ClientUserRemoved(String eventId, Instant occurredAt, long clientId, long userId, OptionalLong byPartnerAdmin)
    implements Fact {

  /** Sent by the system (HubSpot itself), not by a partner admin. */
  public ClientUserRemoved(String eventId, Instant occurredAt, long clientId, long userId) {
    this(eventId, occurredAt, clientId, userId, OptionalLong.empty());
  }

  public ClientUserRemoved {
    eventId = Check.eventId(eventId);
    occurredAt = Check.time(occurredAt);
    byPartnerAdmin = Check.required(byPartnerAdmin, "byPartnerAdmin");
  }
}
