package com.partnercredit.tier;

import com.partnercredit.domain.Scenario;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.store.StoredFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The request budget's partner, in the table: built by the shared {@link Scenario}, stored by {@link StoredFacts}. */
final class Portfolio {
  private Portfolio() {}

  /**
   * {@code clients} USD clients, each serviced by the partner and one other, both with three
   * employees who are all users on every client and were each active there {@code activityAge}
   * ago. Returns the partner's id.
   */
  static long store(StoredFacts stored, int clients, Instant now, Duration activityAge) throws StorageUnavailable {
    Scenario facts = StoredFacts.scenario();
    long partner = StoredFacts.newId();
    long other = StoredFacts.newId();
    Instant start = now.minus(Duration.ofDays(50));
    List<String> emails = new ArrayList<>();
    for (long p : List.of(partner, other)) {
      facts.partner(p, "p" + p + ".example", start);
      for (int e = 1; e <= 3; e++) {
        String email = "employee" + e + "@p" + p + ".example";
        facts.employeeAdded(p, e, email, start);
        emails.add(email);
      }
    }
    for (int c = 0; c < clients; c++) {
      long client = StoredFacts.newId();
      facts.client(client, "USD", "1000.00", start);
      for (String email : emails) {
        long user = StoredFacts.newId();
        facts.userAdded(client, user, email, start).activity(client, user, now.minus(activityAge));
      }
    }
    stored.store(facts);
    return partner;
  }
}
