package com.partnercredit.domain;

import com.partnercredit.config.RuleTablesLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/** Builds the facts of a test in the rulebook's words. Dn is day n at 10:00 UTC (section 11). */
final class Scenario {
  static final Instant DAY0 = Instant.parse("2026-03-02T10:00:00Z");
  static final RuleTables RULES = RuleTablesLoader.fromClasspath();
  static final CreditEngine ENGINE = new CreditEngine(RULES);

  private final List<Fact> facts = new ArrayList<>();
  private final String prefix;
  private int sequence;

  Scenario() {
    this("e");
  }

  Scenario(String prefix) {
    this.prefix = prefix;
  }

  static Instant d(int day) {
    return DAY0.plus(Duration.ofDays(day));
  }

  private String id() {
    return prefix + String.format("%04d", ++sequence);
  }

  Scenario partner(long partnerId, String... domains) {
    return add(new PartnerRegistered(id(), d(-30), partnerId, "Partner " + partnerId, List.of(domains), false));
  }

  Scenario growthMarketPartner(long partnerId, String... domains) {
    return add(new PartnerRegistered(id(), d(-30), partnerId, "Partner " + partnerId, List.of(domains), true));
  }

  Scenario employeeAdded(long partnerId, long employeeId, String email, Instant at) {
    return add(new EmployeeAdded(id(), at, partnerId, employeeId, email));
  }

  Scenario employeeRemoved(long partnerId, long employeeId, Instant at) {
    return add(new EmployeeRemoved(id(), at, partnerId, employeeId));
  }

  /** A client in {@code currency} with that MRR from {@code at}. */
  Scenario client(long clientId, String currency, String mrr, Instant at) {
    add(new ClientUpserted(id(), at, clientId, "Client " + clientId, "client" + clientId + ".com",
        Currency.getInstance(currency)));
    return add(new SubscriptionChanged(id(), at, clientId, Money.of(mrr, currency)));
  }

  Scenario subscriptionChanged(long clientId, String currency, String mrr, Instant at) {
    return add(new SubscriptionChanged(id(), at, clientId, Money.of(mrr, currency)));
  }

  Scenario userAdded(long clientId, long userId, String email, Instant at) {
    return add(new ClientUserAdded(id(), at, clientId, userId, email));
  }

  Scenario userDeactivated(long clientId, long userId, Instant at) {
    return add(new ClientUserDeactivated(id(), at, clientId, userId));
  }

  Scenario userReactivated(long clientId, long userId, Instant at) {
    return add(new ClientUserReactivated(id(), at, clientId, userId));
  }

  Scenario userRemoved(long clientId, long userId, Instant at) {
    return add(new ClientUserRemoved(id(), at, clientId, userId));
  }

  Scenario linked(long partnerId, long employeeId, long clientId, Instant at) {
    return add(new ClientLinked(id(), at, partnerId, employeeId, clientId));
  }

  Scenario unlinked(long partnerId, long employeeId, long clientId, Instant at) {
    return add(new ClientUnlinked(id(), at, partnerId, employeeId, clientId));
  }

  /** A qualifying activity ({@code contact.creation}). */
  Scenario activity(long clientId, long userId, Instant at) {
    return add(new Activity(id(), clientId, userId, "contact.creation", at, true));
  }

  /** {@code user.login}: never qualifies. */
  Scenario login(long clientId, long userId, Instant at) {
    return add(new Activity(id(), clientId, userId, "user.login", at, false));
  }

  Scenario dealSold(long partnerId, long clientId, String mrr, String currency, DealKind kind, Instant at) {
    return add(new DealSold(id(), at, partnerId, clientId, Money.of(mrr, currency), kind));
  }

  Scenario add(Fact fact) {
    facts.add(fact);
    return this;
  }

  List<Fact> facts() {
    return List.copyOf(facts);
  }

  Evaluation at(Instant t) {
    return ENGINE.evaluate(facts, t);
  }

  PartnerBreakdown partner(long partnerId, Instant t) {
    return at(t).partner(partnerId).orElseThrow();
  }

  /** The partner's row for the client; fails when there is none. */
  ClientCredit credit(long partnerId, long clientId, Instant t) {
    return partner(partnerId, t).clients().stream()
        .filter(c -> c.clientId() == clientId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for client " + clientId + " of partner " + partnerId));
  }
}
