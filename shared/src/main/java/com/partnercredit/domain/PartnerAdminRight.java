package com.partnercredit.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * "Only a partner admin may reactivate" (docs/rules.md section 3), and docs/api.md section 3 says of
 * which partner: the one whose employee the user is. The user is partner P's employee at the
 * reactivation's time t when
 *
 * <ul>
 *   <li>the user's email at t is that of the latest {@code CLIENT_USER_ADDED} of that user with
 *       {@code occurredAt <= t}, and
 *   <li>an employee of P with that email was added at or before t and not removed since. A removal
 *       at exactly t applies after the reactivation (docs/rules.md section 3: added, linked and
 *       reactivated first, then removed), so it does not take the right away.
 * </ul>
 *
 * <p>A pure function of the facts and their times: the arrival order does not matter.
 */
public final class PartnerAdminRight {
  private PartnerAdminRight() {}

  private static final Comparator<Fact> TIME_THEN_ID =
      Comparator.comparing(Fact::occurredAt).thenComparing(Fact::eventId);

  public static boolean allows(long partnerId, long clientId, long userId, Instant at,
      Collection<Fact> partnerFacts, Collection<Fact> clientFacts) {
    return userEmail(clientId, userId, at, clientFacts)
        .map(email -> partnerFacts.stream()
            .filter(EmployeeAdded.class::isInstance)
            .map(EmployeeAdded.class::cast)
            .filter(added -> added.partnerId() == partnerId && added.email().equals(email))
            .anyMatch(added -> isEmployeeAt(added, partnerFacts, at)))
        .orElse(false);
  }

  private static Optional<String> userEmail(long clientId, long userId, Instant at, Collection<Fact> clientFacts) {
    return clientFacts.stream()
        .filter(ClientUserAdded.class::isInstance)
        .map(ClientUserAdded.class::cast)
        .filter(added -> added.clientId() == clientId && added.userId() == userId && !added.occurredAt().isAfter(at))
        .max(TIME_THEN_ID)
        .map(ClientUserAdded::email);
  }

  /** The employee of {@code added} is one at {@code at}, with the email {@code added} gave it. */
  private static boolean isEmployeeAt(EmployeeAdded added, Collection<Fact> partnerFacts, Instant at) {
    Fact latest = null;
    for (Fact fact : partnerFacts) {
      boolean sameEmployee;
      if (fact instanceof EmployeeAdded a) {
        sameEmployee = a.partnerId() == added.partnerId() && a.employeeId() == added.employeeId()
            && !a.occurredAt().isAfter(at);
      } else if (fact instanceof EmployeeRemoved r) {
        sameEmployee = r.partnerId() == added.partnerId() && r.employeeId() == added.employeeId()
            && r.occurredAt().isBefore(at);
      } else {
        sameEmployee = false;
      }
      if (sameEmployee && (latest == null || appliesAfter(fact, latest))) {
        latest = fact;
      }
    }
    return latest instanceof EmployeeAdded last && last.email().equals(added.email());
  }

  /** Later in time; at the same time a removal applies after an addition, then by eventId. */
  private static boolean appliesAfter(Fact fact, Fact other) {
    int byTime = fact.occurredAt().compareTo(other.occurredAt());
    if (byTime != 0) {
      return byTime > 0;
    }
    boolean removal = fact instanceof EmployeeRemoved;
    boolean otherRemoval = other instanceof EmployeeRemoved;
    if (removal != otherRemoval) {
      return removal;
    }
    return fact.eventId().compareTo(other.eventId()) > 0;
  }
}
