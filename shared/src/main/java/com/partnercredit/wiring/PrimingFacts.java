package com.partnercredit.wiring;

import com.partnercredit.domain.Activity;
import com.partnercredit.domain.ClientLinked;
import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.ClientUserRemoved;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.EmployeeRemoved;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.SubscriptionChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * A small in-memory portfolio for the priming hooks to evaluate: every kind of fact the engine
 * replays, so that its timelines, split, points in three currencies, sold points and tier decision
 * all run before the snapshot. Two partners share a client; one client is linked manually, one loses
 * its user, one employee leaves. Never stored: the ids are not the table's.
 */
public final class PrimingFacts {
  /** The partner whose breakdown the hooks render. */
  public static final long PARTNER = 1;

  private static final Duration DAY = Duration.ofDays(1);

  private PrimingFacts() {}

  public static List<Fact> portfolio(Instant asOf) {
    Facts f = new Facts(asOf);
    f.add(at -> new PartnerRegistered(f.id(), at, PARTNER, "Priming Agency", List.of("priming.invalid"), false), 120);
    f.add(at -> new PartnerRegistered(f.id(), at, 2, "Priming Partners", List.of("other.invalid"), true), 120);
    f.add(at -> new EmployeeAdded(f.id(), at, PARTNER, 11, "ana@priming.invalid"), 100);
    f.add(at -> new EmployeeAdded(f.id(), at, PARTNER, 12, "ben@freelance.invalid"), 100);
    f.add(at -> new EmployeeAdded(f.id(), at, 2, 21, "cy@other.invalid"), 100);
    client(f, 101, "USD", "1000.00");
    client(f, 102, "EUR", "750.00");
    client(f, 103, "JPY", "144000");
    f.add(at -> new ClientUserAdded(f.id(), at, 101, 1001, "ana@priming.invalid"), 80);
    f.add(at -> new ClientUserAdded(f.id(), at, 101, 1002, "cy@other.invalid"), 80);
    f.add(at -> new ClientUserAdded(f.id(), at, 102, 2001, "ben@freelance.invalid"), 80);
    f.add(at -> new ClientLinked(f.id(), at, PARTNER, 12, 102), 70);
    f.add(at -> new ClientUserAdded(f.id(), at, 103, 3001, "ana@priming.invalid"), 80);
    f.add(at -> new ClientUserRemoved(f.id(), at, 103, 3001), 10);
    f.add(at -> new EmployeeRemoved(f.id(), at, PARTNER, 12), 5);
    f.add(at -> new DealSold(f.id(), at, PARTNER, 101, Money.of("500.00", "USD"), DealKind.SOURCED), 30);
    long[][] activities = {{101, 1001}, {101, 1002}, {102, 2001}, {103, 3001}};
    for (long[] user : activities) {
      for (int daysAgo : new int[] {55, 30, 12, 3}) {
        f.add(at -> new Activity(f.id(), user[0], user[1], "contact.creation", at, true), daysAgo);
      }
      f.add(at -> new Activity(f.id(), user[0], user[1], "user.login", at, false), 1);
    }
    return f.facts;
  }

  private static void client(Facts f, long clientId, String currency, String mrr) {
    f.add(at -> new ClientUpserted(f.id(), at, clientId, "Priming client " + clientId, clientId + ".invalid",
        Currency.getInstance(currency)), 90);
    f.add(at -> new SubscriptionChanged(f.id(), at, clientId, Money.of(mrr, currency)), 90);
  }

  private static final class Facts {
    final List<Fact> facts = new ArrayList<>();
    private final Instant asOf;
    private int sequence;

    Facts(Instant asOf) {
      this.asOf = asOf;
    }

    String id() {
      return "priming-" + ++sequence;
    }

    void add(java.util.function.Function<Instant, Fact> fact, int daysAgo) {
      facts.add(fact.apply(asOf.minus(DAY.multipliedBy(daysAgo))));
    }
  }
}
