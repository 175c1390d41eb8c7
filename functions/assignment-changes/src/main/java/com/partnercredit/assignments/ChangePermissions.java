package com.partnercredit.assignments;

import com.partnercredit.domain.ClientLinked;
import com.partnercredit.domain.ClientUnlinked;
import com.partnercredit.domain.ClientUserReactivated;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.EmployeeRemoved;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.PartnerAdminRight;
import com.partnercredit.hubspot.Actor;
import com.partnercredit.hubspot.ChangeEvent;
import com.partnercredit.hubspot.ChangeType;
import com.partnercredit.hubspot.Actor.Role;
import java.util.Collection;
import java.util.Optional;

/**
 * Who may send each change event: the table of docs/api.md section 3. A violation is the reason
 * the event is rejected, naming the rule ("EMPLOYEE_ADDED requires PARTNER_ADMIN of partner 111").
 *
 * <p>Every rule but two is about the actor alone. {@code CLIENT_USER_REACTIVATED}, and
 * {@code CLIENT_USER_REMOVED} sent by a partner admin, also depend on facts: the actor must be a
 * partner admin of the partner whose employee the user is ({@link PartnerAdminRight}). That half
 * is the rules engine's to decide, on all facts known when it evaluates; here it only tells the
 * sender whether the facts known so far give the right ({@link #partnerAdminRight}).
 */
public final class ChangePermissions {
  private ChangePermissions() {}

  /** The rule about the actor's role and partner; for a reactivation, only its role half. */
  public static Optional<String> byActor(ChangeEvent event) {
    Actor actor = event.actor();
    Fact fact = event.fact();
    boolean allowed = switch (event.type()) {
      case PARTNER_REGISTERED, CLIENT_UPSERTED, SUBSCRIPTION_CHANGED, CLIENT_USER_ADDED,
          CLIENT_USER_DEACTIVATED, DEAL_SOLD -> actor.role() == Role.SYSTEM;
      case EMPLOYEE_ADDED -> actor.is(Role.PARTNER_ADMIN, ((EmployeeAdded) fact).partnerId());
      case EMPLOYEE_REMOVED -> actor.is(Role.PARTNER_ADMIN, ((EmployeeRemoved) fact).partnerId());
      case CLIENT_LINKED -> linkedBy(actor, ((ClientLinked) fact).partnerId());
      case CLIENT_UNLINKED -> linkedBy(actor, ((ClientUnlinked) fact).partnerId());
      case CLIENT_USER_REMOVED -> actor.role() == Role.SYSTEM || actor.role() == Role.PARTNER_ADMIN;
      case CLIENT_USER_REACTIVATED -> actor.role() == Role.PARTNER_ADMIN;
    };
    return allowed ? Optional.empty() : Optional.of(rule(event));
  }

  /** True when the event's right depends on facts: {@link #partnerAdminRight} tells whether they give it yet. */
  public static boolean needsFacts(ChangeEvent event) {
    return event.type() == ChangeType.CLIENT_USER_REACTIVATED
        || (event.type() == ChangeType.CLIENT_USER_REMOVED && event.actor().role() == Role.PARTNER_ADMIN);
  }

  /**
   * The fact half, for an event {@link #byActor} allowed and {@link #needsFacts} names: empty when
   * the facts known so far give the partner admin the right, else why not yet. The event is stored
   * either way; the rules engine decides on all facts when it evaluates.
   *
   * @param partnerFacts the facts of the actor's partner (its employees)
   * @param clientFacts the facts of the user's client (the user's email)
   */
  public static Optional<String> partnerAdminRight(
      ChangeEvent event, Collection<Fact> partnerFacts, Collection<Fact> clientFacts) {
    long partnerId = event.actor().partnerId().orElseThrow();
    long clientId;
    long userId;
    if (event.fact() instanceof ClientUserReactivated f) {
      clientId = f.clientId();
      userId = f.userId();
    } else {
      ClientUserRemoved f = (ClientUserRemoved) event.fact();
      clientId = f.clientId();
      userId = f.userId();
    }
    if (PartnerAdminRight.allows(partnerId, clientId, userId, event.fact().occurredAt(), partnerFacts, clientFacts)) {
      return Optional.empty();
    }
    return Optional.of(event.type().name() + " requires PARTNER_ADMIN of the partner whose employee user " + userId
        + " of client " + clientId + " is; the facts known so far do not show user " + userId
        + " as an employee of partner " + partnerId + " at " + event.fact().occurredAt()
        + ". It is stored, and counts only once they do");
  }

  /** The rule an event must follow, as said in its rejection. */
  static String rule(ChangeEvent event) {
    Fact fact = event.fact();
    String type = event.type().name();
    return switch (event.type()) {
      case PARTNER_REGISTERED, CLIENT_UPSERTED, SUBSCRIPTION_CHANGED, CLIENT_USER_ADDED,
          CLIENT_USER_DEACTIVATED, DEAL_SOLD -> type + " requires SYSTEM";
      case EMPLOYEE_ADDED -> type + " requires PARTNER_ADMIN of partner " + ((EmployeeAdded) fact).partnerId();
      case EMPLOYEE_REMOVED -> type + " requires PARTNER_ADMIN of partner " + ((EmployeeRemoved) fact).partnerId();
      case CLIENT_LINKED -> type + " requires PARTNER_ADMIN or CAM_ACCESS of partner " + ((ClientLinked) fact).partnerId();
      case CLIENT_UNLINKED -> type + " requires PARTNER_ADMIN or CAM_ACCESS of partner " + ((ClientUnlinked) fact).partnerId();
      case CLIENT_USER_REMOVED -> type + " requires SYSTEM or PARTNER_ADMIN";
      case CLIENT_USER_REACTIVATED -> {
        ClientUserReactivated f = (ClientUserReactivated) fact;
        yield type + " requires PARTNER_ADMIN of the partner whose employee user " + f.userId()
            + " of client " + f.clientId() + " is";
      }
    };
  }

  private static boolean linkedBy(Actor actor, long partnerId) {
    return actor.is(Role.PARTNER_ADMIN, partnerId) || actor.is(Role.CAM_ACCESS, partnerId);
  }
}
