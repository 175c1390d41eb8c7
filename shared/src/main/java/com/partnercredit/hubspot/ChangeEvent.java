package com.partnercredit.hubspot;

import com.partnercredit.domain.ClientUserReactivated;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.Fact;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * One valid change event of {@code POST /webhooks/assignments} (docs/api.md section 3): the fact
 * it reports and who sent it. Whether that sender may send it is {@link ChangePermissions}' call.
 */
public record ChangeEvent(ChangeType type, Actor actor, Fact fact) {

  /** An event that cannot be read; the reason names the field and what is wrong with it. */
  public static final class Invalid extends Exception {
    public Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  public String eventId() {
    return fact.eventId();
  }

  /**
   * Reads and validates one event: {@code eventId} (a string), {@code type}, {@code occurredAt}
   * (epoch ms), {@code actor}, then the fields of its type. Fields not in the contract are ignored.
   */
  public static ChangeEvent parse(Map<String, Object> json) throws Invalid {
    return parse(json, Clock.systemUTC().instant());
  }

  /**
   * As {@link #parse(Map)}, with the limits of docs/api.md section 6 as of {@code now}:
   * {@code eventId} at most 256 characters, emails 254, names and domains 256, money 18
   * significant digits, {@code occurredAt} between 2000-01-01 and a day after now.
   */
  public static ChangeEvent parse(Map<String, Object> json, Instant now) throws Invalid {
    ChangeFields fields = new ChangeFields(json, "", now);
    String eventId = fields.text("eventId", Limits.EVENT_ID);
    ChangeType type = ChangeType.of(fields.text("type"));
    Instant occurredAt = fields.epochMillis("occurredAt");
    Actor actor = Actor.read(fields);
    Fact fact;
    try {
      fact = type.fact(fields, eventId, occurredAt);
    } catch (IllegalArgumentException rejectedByTheDomain) {
      throw new Invalid(Limits.echo(rejectedByTheDomain.getMessage()));
    }
    return new ChangeEvent(type, actor, sentBy(fact, actor));
  }

  /**
   * A reactivation or removal sent by a partner admin carries the admin's partner: whether that
   * partner had the right is the rules engine's decision, on all facts (docs/api.md section 3).
   */
  private static Fact sentBy(Fact fact, Actor actor) {
    if (actor.role() != Actor.Role.PARTNER_ADMIN || actor.partnerId().isEmpty()) {
      return fact;
    }
    if (fact instanceof ClientUserReactivated f) {
      return new ClientUserReactivated(f.eventId(), f.occurredAt(), f.clientId(), f.userId(), actor.partnerId());
    }
    if (fact instanceof ClientUserRemoved f) {
      return new ClientUserRemoved(f.eventId(), f.occurredAt(), f.clientId(), f.userId(), actor.partnerId());
    }
    return fact;
  }
}
