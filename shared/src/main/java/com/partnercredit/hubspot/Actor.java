package com.partnercredit.hubspot;

import java.util.OptionalLong;

/**
 * Who sent a change event of {@code POST /webhooks/assignments} (docs/api.md section 3):
 * {@code {"partnerId": 111, "userId": 901, "role": "PARTNER_ADMIN" | "CAM_ACCESS" | "SYSTEM"}}.
 * A partner admin and a Client Access Manager user act for a partner, so they carry both ids;
 * HubSpot itself ({@code SYSTEM}) may omit them.
 */
public record Actor(Role role, OptionalLong partnerId, OptionalLong userId) {

  public enum Role {
    PARTNER_ADMIN,
    CAM_ACCESS,
    SYSTEM
  }

  static Actor read(ChangeFields event) throws ChangeEvent.Invalid {
    ChangeFields actor = event.object("actor");
    Role role = role(actor);
    boolean actsForAPartner = role != Role.SYSTEM;
    return new Actor(role, optionalId(actor, "partnerId", actsForAPartner), optionalId(actor, "userId", actsForAPartner));
  }

  /** True when this actor has {@code role} in partner {@code partnerId}. */
  public boolean is(Role role, long partnerId) {
    return this.role == role && this.partnerId.isPresent() && this.partnerId.getAsLong() == partnerId;
  }

  /** For audit, stored with the fact: {@code ROLE:partnerId:userId}, an id left empty when absent. */
  public String audit() {
    return role + ":" + text(partnerId) + ":" + text(userId);
  }

  private static Role role(ChangeFields actor) throws ChangeEvent.Invalid {
    String role = actor.text("role");
    for (Role known : Role.values()) {
      if (known.name().equals(role)) {
        return known;
      }
    }
    throw new ChangeEvent.Invalid("actor.role '" + Limits.echo(role) + "' must be PARTNER_ADMIN, CAM_ACCESS or SYSTEM");
  }

  private static OptionalLong optionalId(ChangeFields actor, String field, boolean required) throws ChangeEvent.Invalid {
    return required || actor.has(field) ? OptionalLong.of(actor.id(field)) : OptionalLong.empty();
  }

  private static String text(OptionalLong id) {
    return id.isPresent() ? Long.toString(id.getAsLong()) : "";
  }
}
