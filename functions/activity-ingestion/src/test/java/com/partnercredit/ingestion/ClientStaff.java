package com.partnercredit.ingestion;

import com.partnercredit.domain.Scenario;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.store.StoredFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients as the ingestion budget's fixtures have them (issue 11), their facts in the table as the
 * assignments route stores them: each client has three partner employee users (employees 1 and 2 of
 * one partner and employee 1 of another, by their emails) and users of the client's own staff, whose
 * emails are no partner employee's. Real clients' activities come mostly from their own staff; a
 * fixture whose every user is a partner employee hides that.
 */
final class ClientStaff {
  /** A client and its users. */
  record Client(long id, List<Long> employeeUsers, List<Long> ownUsers) {
    /** Every user: the partner employees first, then the own staff. */
    List<Long> users() {
      List<Long> all = new ArrayList<>(employeeUsers);
      all.addAll(ownUsers);
      return all;
    }
  }

  private ClientStaff() {}

  /** Stores two partners and {@code clients} clients with {@code ownUsers} own users each. */
  static List<Client> store(StoredFacts stored, int clients, int ownUsers, Instant now) throws StorageUnavailable {
    Instant start = now.minus(Duration.ofDays(30));
    long partner = StoredFacts.newId();
    long other = StoredFacts.newId();
    Scenario facts = StoredFacts.scenario();
    facts.partner(partner, "p" + partner + ".example", start);
    facts.employeeAdded(partner, 1, employee(partner, 1), start);
    facts.employeeAdded(partner, 2, employee(partner, 2), start);
    facts.partner(other, "p" + other + ".example", start);
    facts.employeeAdded(other, 1, employee(other, 1), start);
    List<String> employees = List.of(employee(partner, 1), employee(partner, 2), employee(other, 1));
    List<Client> result = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long client = StoredFacts.newId();
      facts.client(client, "USD", "1000.00", start);
      List<Long> employeeUsers = new ArrayList<>();
      for (String email : employees) {
        long user = StoredFacts.newId();
        facts.userAdded(client, user, email, start);
        employeeUsers.add(user);
      }
      List<Long> own = new ArrayList<>();
      for (int o = 1; o <= ownUsers; o++) {
        long user = StoredFacts.newId();
        facts.userAdded(client, user, "staff" + o + "@client" + client + ".example", start);
        own.add(user);
      }
      result.add(new Client(client, employeeUsers, own));
    }
    stored.store(facts);
    return result;
  }

  private static String employee(long partner, int e) {
    return "employee" + e + "@p" + partner + ".example";
  }
}
