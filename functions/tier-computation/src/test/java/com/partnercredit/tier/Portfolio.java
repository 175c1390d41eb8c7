package com.partnercredit.tier;

import com.partnercredit.domain.Scenario;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.store.StoredFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The breakdown budget's partner (issue 11), in the table: built by the shared {@link Scenario},
 * stored by {@link StoredFacts}.
 *
 * <p>The partner has three employees and another partner one; every client (USD 1,000.00 MRR) has
 * three partner employee users (the partner's employees 1 and 2, the other partner's employee 1, so
 * the two partners share its MRR: 5.00 points each) and {@link Shape#ownUsers} users of its own
 * staff, whose emails are no partner employee's. Over the last 60 days each employee user has
 * {@link Shape#employeeActivities} activities and each own user {@link Shape#ownActivities}. The
 * client's own staff are what real clients have and what the breakdown must not pay for.
 */
final class Portfolio {
  /** Clients stored per scenario: a 1,000-client portfolio never becomes one list of facts. */
  private static final int CLIENTS_PER_WRITE = 20;
  private static final Duration ACTIVE_DAYS = Duration.ofDays(60);

  /** The size of a portfolio. */
  record Shape(int clients, int employeeActivities, int ownUsers, int ownActivities) {
    /** Issue 11's: 3 employee users with 20 activities each and 5 own users with 200 each per client. */
    static Shape budget(int clients) {
      return new Shape(clients, 20, 5, 200);
    }

    Shape withOwnActivities(int perOwnUser) {
      return new Shape(clients, employeeActivities, ownUsers, perOwnUser);
    }

    /** The (client, employee user) pairs: one activity read each. */
    int employeeUserPairs() {
      return clients * EMPLOYEE_USERS;
    }

    /** Distinct emails of the users on the clients: the employees' (3) and every own user's. */
    int distinctUserEmails() {
      return EMPLOYEE_USERS + clients * ownUsers;
    }

    /** Items in the table for this portfolio. */
    long items() {
      long perClient = 2 + EMPLOYEE_USERS + ownUsers
          + (long) EMPLOYEE_USERS * employeeActivities + (long) ownUsers * ownActivities;
      return 2 + 4 + 4 /* registrations, employees, employees' emails */ + clients * perClient;
    }
  }

  private static final int EMPLOYEE_USERS = 3;

  /** The partner's id, and the other partner's. */
  record Stored(long partner, long other, Shape shape) {}

  private Portfolio() {}

  /** Stores a portfolio of {@code shape} whose activities are before {@code now}. */
  static Stored store(StoredFacts stored, Shape shape, Instant now) throws StorageUnavailable {
    long partner = StoredFacts.newId();
    long other = StoredFacts.newId();
    Instant start = now.minus(ACTIVE_DAYS).minus(Duration.ofDays(1));
    Scenario people = StoredFacts.scenario();
    List<String> employees = new ArrayList<>(); // on every client: partner's 1 and 2, other's 1
    people.partner(partner, "p" + partner + ".example", start);
    for (int e = 1; e <= 3; e++) {
      people.employeeAdded(partner, e, employee(partner, e), start);
    }
    people.partner(other, "p" + other + ".example", start);
    people.employeeAdded(other, 1, employee(other, 1), start);
    employees.add(employee(partner, 1));
    employees.add(employee(partner, 2));
    employees.add(employee(other, 1));
    stored.store(people);

    for (int from = 0; from < shape.clients(); from += CLIENTS_PER_WRITE) {
      Scenario facts = StoredFacts.scenario();
      for (int c = from; c < Math.min(shape.clients(), from + CLIENTS_PER_WRITE); c++) {
        long client = StoredFacts.newId();
        facts.client(client, "USD", "1000.00", start);
        for (String email : employees) {
          user(facts, client, email, start, now, shape.employeeActivities());
        }
        for (int o = 1; o <= shape.ownUsers(); o++) {
          user(facts, client, "staff" + o + "@client" + client + ".example", start, now, shape.ownActivities());
        }
      }
      stored.store(facts);
    }
    return new Stored(partner, other, shape);
  }

  private static String employee(long partner, int e) {
    return "employee" + e + "@p" + partner + ".example";
  }

  /** A user added at {@code start}, with {@code activities} spread evenly over the 60 days before {@code now}. */
  private static void user(Scenario facts, long client, String email, Instant start, Instant now, int activities) {
    long user = StoredFacts.newId();
    facts.userAdded(client, user, email, start);
    long step = ACTIVE_DAYS.toMillis() / Math.max(1, activities);
    for (int a = 0; a < activities; a++) {
      facts.activity(client, user, now.minusMillis(1 + a * step));
    }
  }
}
