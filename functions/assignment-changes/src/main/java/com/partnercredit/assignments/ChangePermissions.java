package com.partnercredit.assignments;

import com.partnercredit.domain.ClientLinked;
import com.partnercredit.domain.ClientUnlinked;
import com.partnercredit.domain.ClientUserReactivated;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.EmployeeRemoved;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.ReactivationRight;
import com.partnercredit.hubspot.Actor;
import com.partnercredit.hubspot.ChangeEvent;
import com.partnercredit.hubspot.ChangeType;
import com.partnercredit.hubspot.Actor.Role;
import java.util.Collection;
import java.util.Optional;

/**
 * Who may send each change event: the table of contracts.md section 3. A violation is the reason
 * the event is rejected, naming the rule ("EMPLOYEE_ADDED requires PARTNER_ADMIN of partner 111").
 *
 * <p>Every rule but one is about the actor alone. {@code CLIENT_USER_REACTIVATED} also needs facts:
 * the actor must be a partner admin of the partner whose employee the reactivated user is
 * ({@link ReactivationRight}).
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

  /** True when {@link #reactivation} must be asked too, with the facts it reads. */
  public static boolean needsFacts(ChangeEvent event) {
    return event.type() == ChangeType.CLIENT_USER_REACTIVATED;
  }

  /**
   * The fact half of the reactivation rule, for an event {@link #byActor} allowed.
   *
   * @param partnerFacts the facts of the actor's partner (its employees)
   * @param clientFacts the facts of the reactivated user's client (the user's email)
   */
  public static Optional<String> reactivation(
      ChangeEvent event, Collection<Fact> partnerFacts, Collection<Fact> clientFacts) {
    ClientUserReactivated reactivated = (ClientUserReactivated) event.fact();
    long partnerId = event.actor().partnerId().orElseThrow();
    if (ReactivationRight.allows(partnerId, reactivated, partnerFacts, clientFacts)) {
      return Optional.empty();
    }
    return Optional.of(rule(event) + "; user " + reactivated.userId() + " is no employee of partner " + partnerId
        + " at " + reactivated.occurredAt());
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
