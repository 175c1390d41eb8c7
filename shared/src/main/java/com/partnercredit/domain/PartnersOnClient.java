package com.partnercredit.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Section 3: how a partner's employees meet a client account, the one home of "which partners are
 * on a client". An employee meets the account when a user on it has the employee's email (automatic
 * assignment may follow) or when the employee was linked to, or unlinked from, the client. A client's
 * figures depend on exactly these partners, since they share its MRR (section 7).
 *
 * <p>The rules engine's replay, the breakdown's reads and the publisher's grouping all ask it.
 * {@link #employeeUsers} says whose activities on the account can ever count: the breakdown reads
 * those and no other.
 */
public final class PartnersOnClient {
  private PartnersOnClient() {}

  /** What one account fact says about who meets the account. */
  public interface Visitor {
    /** A user on the account has this email: every employee with it meets the account. */
    void userEmail(String email);

    /** This employee was linked to, or unlinked from, the client. */
    void linkedEmployee(long partnerId, long employeeId);
  }

  /** Tells {@code visitor} who {@code accountFact} brings onto the account, if anyone. */
  public static void visit(Fact accountFact, Visitor visitor) {
    if (accountFact instanceof ClientUserAdded f) {
      visitor.userEmail(f.email());
    } else if (accountFact instanceof ClientLinked f) {
      visitor.linkedEmployee(f.partnerId(), f.employeeId());
    } else if (accountFact instanceof ClientUnlinked f) {
      visitor.linkedEmployee(f.partnerId(), f.employeeId());
    }
  }

  /** The emails of the client's users, ever: whose employees could be on the client. */
  public static Set<String> userEmails(Collection<? extends Fact> clientFacts) {
    Set<String> emails = new TreeSet<>();
    for (Fact fact : clientFacts) {
      if (fact instanceof ClientUserAdded f) {
        emails.add(f.email());
      }
    }
    return emails;
  }

  /**
   * The partners on the client of {@code clientFacts}, ever: those with an employee whose email is a
   * user's ({@code partnersByEmployeeEmail}, empty or null for none), and those with a linked employee.
   */
  public static Set<Long> of(
      Collection<? extends Fact> clientFacts, Function<String, ? extends Collection<Long>> partnersByEmployeeEmail) {
    Set<Long> partners = new TreeSet<>();
    Visitor visitor = new Visitor() {
      @Override
      public void userEmail(String email) {
        Collection<Long> withEmail = partnersByEmployeeEmail.apply(email);
        if (withEmail != null) {
          partners.addAll(withEmail);
        }
      }

      @Override
      public void linkedEmployee(long partnerId, long employeeId) {
        partners.add(partnerId);
      }
    };
    for (Fact fact : clientFacts) {
      visit(fact, visitor);
    }
    return partners;
  }

  /**
   * Per client of {@code clientFacts}, the users whose activities can count for a partner, or be
   * missed by one: those that were ever added with an email some partner employee ever had
   * ({@code partnersByEmployeeEmail} non-empty). An activity is judged only for the employees whose
   * email is the acting user's (section 2, step 3), so any other user's activity, the client's own
   * staff's, is nobody's credit and changes no figure, whatever else happens on the account.
   */
  public static Map<Long, Set<Long>> employeeUsers(
      Collection<? extends Fact> clientFacts, Function<String, ? extends Collection<Long>> partnersByEmployeeEmail) {
    Map<Long, Set<Long>> users = new TreeMap<>();
    for (Fact fact : clientFacts) {
      if (fact instanceof ClientUserAdded f) {
        Collection<Long> withEmail = partnersByEmployeeEmail.apply(f.email());
        if (withEmail != null && !withEmail.isEmpty()) {
          users.computeIfAbsent(f.clientId(), c -> new TreeSet<>()).add(f.userId());
        }
      }
    }
    return users;
  }
}
