package com.partnercredit.domain;

import com.partnercredit.config.RuleTablesLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Builds the facts of a test in the rulebook's words: the one fact builder of every module's tests
 * (the shared test-jar). Dn is day n at 10:00 UTC (section 11). Tests that need the facts in
 * DynamoDB hand them to {@code com.partnercredit.store.StoredFacts}, which writes the items the
 * webhooks would have stored.
 */
public final class Scenario {
  public static final Instant DAY0 = Instant.parse("2026-03-02T10:00:00Z");
  public static final RuleTables RULES = RuleTablesLoader.fromClasspath();
  public static final CreditEngine ENGINE = new CreditEngine(RULES);

  private final List<Fact> facts = new ArrayList<>();
  private final String prefix;
  private long sequence;

  public Scenario() {
    this("e");
  }

  /** Event ids are {@code prefix} and a sequence number: e0001, e0002, ... */
  public Scenario(String prefix) {
    this(prefix, 0);
  }

  private Scenario(String prefix, long lastId) {
    this.prefix = prefix;
    this.sequence = lastId;
  }

  /**
   * Event ids that are plain numbers after {@code lastId} (HubSpot's event ids are numbers, and a
   * stored activity keeps its event id as one).
   */
  public static Scenario numbered(long lastId) {
    return new Scenario("", lastId);
  }

  public static Instant d(int day) {
    return DAY0.plus(Duration.ofDays(day));
  }

  private String id() {
    return prefix + String.format("%04d", ++sequence);
  }

  public Scenario partner(long partnerId, String... domains) {
    return add(new PartnerRegistered(id(), d(-30), partnerId, "Partner " + partnerId, List.of(domains), false));
  }

  public Scenario growthMarketPartner(long partnerId, String... domains) {
    return add(new PartnerRegistered(id(), d(-30), partnerId, "Partner " + partnerId, List.of(domains), true));
  }

  /** Partner {@code partnerId}, registered at {@code at} with one email domain. */
  public Scenario partner(long partnerId, String name, String domain, Instant at) {
    return add(new PartnerRegistered(id(), at, partnerId, name, List.of(domain), false));
  }

  public Scenario partner(long partnerId, String domain, Instant at) {
    return partner(partnerId, "Partner " + partnerId, domain, at);
  }

  public Scenario employeeAdded(long partnerId, long employeeId, String email, Instant at) {
    return add(new EmployeeAdded(id(), at, partnerId, employeeId, email));
  }

  public Scenario employeeRemoved(long partnerId, long employeeId, Instant at) {
    return add(new EmployeeRemoved(id(), at, partnerId, employeeId));
  }

  /** A client in {@code currency} with that MRR from {@code at}. */
  public Scenario client(long clientId, String currency, String mrr, Instant at) {
    return client(clientId, "Client " + clientId, currency, mrr, at);
  }

  public Scenario client(long clientId, String name, String currency, String mrr, Instant at) {
    add(new ClientUpserted(id(), at, clientId, name, "client" + clientId + ".com", Currency.getInstance(currency)));
    return add(new SubscriptionChanged(id(), at, clientId, Money.of(mrr, currency)));
  }

  public Scenario subscriptionChanged(long clientId, String currency, String mrr, Instant at) {
    return add(new SubscriptionChanged(id(), at, clientId, Money.of(mrr, currency)));
  }

  public Scenario userAdded(long clientId, long userId, String email, Instant at) {
    return add(new ClientUserAdded(id(), at, clientId, userId, email));
  }

  public Scenario userDeactivated(long clientId, long userId, Instant at) {
    return add(new ClientUserDeactivated(id(), at, clientId, userId));
  }

  public Scenario userReactivated(long clientId, long userId, Instant at) {
    return add(new ClientUserReactivated(id(), at, clientId, userId));
  }

  public Scenario userRemoved(long clientId, long userId, Instant at) {
    return add(new ClientUserRemoved(id(), at, clientId, userId));
  }

  public Scenario linked(long partnerId, long employeeId, long clientId, Instant at) {
    return add(new ClientLinked(id(), at, partnerId, employeeId, clientId));
  }

  public Scenario unlinked(long partnerId, long employeeId, long clientId, Instant at) {
    return add(new ClientUnlinked(id(), at, partnerId, employeeId, clientId));
  }

  /** A qualifying activity ({@code contact.creation}). */
  public Scenario activity(long clientId, long userId, Instant at) {
    return add(new Activity(id(), clientId, userId, "contact.creation", at, true));
  }

  /** {@code user.login}: never qualifies. */
  public Scenario login(long clientId, long userId, Instant at) {
    return add(new Activity(id(), clientId, userId, "user.login", at, false));
  }

  public Scenario dealSold(long partnerId, long clientId, String mrr, String currency, DealKind kind, Instant at) {
    return add(new DealSold(id(), at, partnerId, clientId, Money.of(mrr, currency), kind));
  }

  public Scenario add(Fact fact) {
    facts.add(fact);
    return this;
  }

  public List<Fact> facts() {
    return List.copyOf(facts);
  }

  public Evaluation at(Instant t) {
    return ENGINE.evaluate(facts, t);
  }

  public PartnerBreakdown partner(long partnerId, Instant t) {
    return at(t).partner(partnerId).orElseThrow();
  }

  /** The partner's row for the client; fails when there is none. */
  public ClientCredit credit(long partnerId, long clientId, Instant t) {
    return partner(partnerId, t).clients().stream()
        .filter(c -> c.clientId() == clientId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for client " + clientId + " of partner " + partnerId));
  }
}
