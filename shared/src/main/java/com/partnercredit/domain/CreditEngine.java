package com.partnercredit.domain;

import com.partnercredit.domain.ClientConclusions.EmployeeActivity;
import com.partnercredit.domain.ClientConclusions.Relationship;
import com.partnercredit.domain.ClientConclusions.State;
import com.partnercredit.domain.Facts.ClientFacts;
import com.partnercredit.domain.Facts.PartnerFacts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules engine: {@code new CreditEngine(rules).evaluate(facts, asOf)} computes, from the facts
 * with {@code occurredAt <= asOf}, every partner's managed credit per client, the split of each
 * client's MRR, sold points, totals, tier and projection. Pure: no I/O, no clock, no shared state;
 * one engine may be used by many threads.
 *
 * <p>Per client account ({@link ClientAccountTimeline}) it finds which activities counted for which
 * partner; then, at {@code asOf} and at +30, +60 and +90 days (the projection, with no new fact), it
 * finds the partners servicing the client (section 5), splits the MRR in force among them (section 7)
 * and converts each share to managed points with the rates and currency equivalents in force at that
 * instant (section 8). Per partner it adds sold points (section 9) and decides the tier (section 10).
 */
public final class CreditEngine {

  /** The projection's offsets from {@code asOf}, in days. */
  public static final List<Integer> PROJECTION_DAYS = List.of(30, 60, 90);

  private static final long DAY = ClientAccountTimeline.DAY_MILLIS;
  private static final long NONE = ClientAccountTimeline.NONE;
  /** ISO 4217 "no currency": a client with neither subscription nor upsert yet. */
  private static final Currency NO_CURRENCY = Currency.getInstance("XXX");

  private final RuleTables rules;

  public CreditEngine(RuleTables rules) {
    this.rules = Check.required(rules, "rules");
  }

  /** The rule tables it evaluates with (the retention of activities derives from them, {@link CreditLifetime}). */
  public RuleTables rules() {
    return rules;
  }

  public Evaluation evaluate(Collection<? extends Fact> facts, Instant asOf) {
    return evaluate(Facts.of(facts), asOf);
  }

  public Evaluation evaluate(Facts facts, Instant asOf) {
    Moment m = moment(asOf);
    long t = m.at[0];
    PartnerTally[] tallies = new PartnerTally[facts.partners.size()]; // by PartnerFacts.ordinal
    Map<Long, ClientSplit> splits = new TreeMap<>();
    ClientAccountTimeline.Scratch scratch = new ClientAccountTimeline.Scratch();
    long[] clientIds = facts.clients.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    for (long clientId : clientIds) {
      ClientFacts client = facts.clients.get(clientId);
      if (client.firstSeenMillis > t) {
        continue;
      }
      ClientConclusions conclusions = ClientAccountTimeline.replay(facts, client, t, scratch);
      splits.put(clientId, credit(facts, conclusions, m, Long.MIN_VALUE, tallies));
    }

    List<PartnerFacts> known = new ArrayList<>();
    for (PartnerFacts p : facts.partners.values()) {
      if (tallies[p.ordinal] != null || p.firstSeenMillis <= t) {
        known.add(p);
      }
    }
    known.sort(Comparator.comparingLong(p -> p.partnerId));
    Map<Long, PartnerBreakdown> partners = new TreeMap<>();
    for (PartnerFacts partner : known) {
      partners.put(partner.partnerId, breakdown(partner, tallies[partner.ordinal], m));
    }
    return new Evaluation(
        asOf, Collections.unmodifiableMap(partners), Collections.unmodifiableMap(splits));
  }

  /**
   * Every client's conclusions over all time (the replay of all its facts, {@link ClientConclusions}):
   * what the read model keeps, and {@link #evaluate(long, Collection, Collection, Instant, long)}
   * evaluates at any instant.
   */
  public static Map<Long, ClientConclusions> conclude(Facts facts) {
    Map<Long, ClientConclusions> all = new TreeMap<>();
    ClientAccountTimeline.Scratch scratch = new ClientAccountTimeline.Scratch();
    for (ClientFacts client : facts.clients.values()) {
      all.put(client.clientId, ClientAccountTimeline.replay(facts, client, Long.MAX_VALUE, scratch));
    }
    return all;
  }

  /**
   * One partner's breakdown from its own facts (registrations, sold deals) and the conclusions of the
   * clients it meets: the same as {@code evaluate(facts, asOf).partner(partnerId)} with every fact,
   * since the conclusions at {@code asOf} are those of the facts up to it. Activities older than
   * {@code activityFloor} are left out, as a live read that no longer loads them would.
   */
  public Optional<PartnerBreakdown> evaluate(long partnerId, Collection<? extends Fact> partnerFacts,
      Collection<ClientConclusions> clients, Instant asOf, long activityFloor) {
    Facts facts = Facts.of(partnerFacts);
    PartnerFacts partner = facts.partners.get(partnerId);
    if (partner == null) {
      return Optional.empty();
    }
    Moment m = moment(asOf);
    PartnerTally[] tallies = new PartnerTally[facts.partners.size()];
    List<ClientConclusions> sorted = new ArrayList<>(clients);
    sorted.sort(Comparator.comparingLong(ClientConclusions::clientId));
    for (ClientConclusions client : sorted) {
      if (client.firstSeenMillis <= m.at[0]) {
        credit(facts, client, m, activityFloor, tallies);
      }
    }
    PartnerTally tally = tallies[partner.ordinal];
    if (tally == null && partner.firstSeenMillis > m.at[0]) {
      return Optional.empty();
    }
    return Optional.of(breakdown(partner, tally, m));
  }

  /** What the partner's figures are made of from {@code from} on: each client's split at every change. */
  public PartnerStanding standing(long partnerId, Collection<? extends Fact> partnerFacts,
      Collection<ClientConclusions> clients, Instant from) {
    long f = from.toEpochMilli();
    PartnerFacts partner = Facts.of(partnerFacts).partners.get(partnerId);
    long firstSeen = partner == null ? Long.MAX_VALUE : partner.firstSeenMillis;
    TreeMap<Long, Long> serviced = new TreeMap<>();
    Map<String, TreeMap<Long, Long>> credit = new TreeMap<>();
    List<Long> counted = new ArrayList<>();
    List<ClientConclusions> sorted = new ArrayList<>(partner == null ? List.of() : clients);
    sorted.sort(Comparator.comparingLong(ClientConclusions::clientId));
    for (ClientConclusions client : sorted) {
      int ri = Arrays.binarySearch(client.partnerIds(), partnerId);
      if (ri < 0) {
        continue;
      }
      for (long at : client.countedTimes(ri)) {
        counted.add(at);
      }
      // Where the client's part can change: its entries and facts, its first fact, each credit's end.
      // (The activity floor cannot: what it leaves out has expired.)
      TreeSet<Long> instants = new TreeSet<>();
      instants.add(f);
      for (int i = 0; i < client.size(); i++) {
        instants.add(client.timeAt(i));
      }
      client.subscriptions.forEach(c -> instants.add(c.occurredAt().toEpochMilli()));
      client.upserts.forEach(u -> instants.add(u.occurredAt().toEpochMilli()));
      if (client.firstSeenMillis != Long.MAX_VALUE) {
        instants.add(client.firstSeenMillis);
      }
      instants.headSet(f).clear();
      String lastCurrency = null;
      long lastCredit = 0;
      boolean lastServiced = false;
      long[] shares = new long[client.partnerIds().length];
      for (Long at = instants.pollFirst(); at != null; at = instants.pollFirst()) {
        long t = at;
        String currency = null;
        long share = 0;
        boolean servicing = false;
        if (client.firstSeenMillis <= t) {
          Relationship[] relationships = client.at(t, t, Long.MIN_VALUE).relationships;
          Terms terms = terms(client, t);
          split(relationships, terms.mrr(), t, shares);
          Relationship r = relationships[ri];
          servicing = r.servicingAt(t);
          currency = terms.currency().getCurrencyCode();
          share = shares[ri];
          for (Relationship other : relationships) {
            if (other.lastCountedAt != NONE && CreditLifetime.untilMillis(other.lastCountedAt) > t) {
              instants.add(CreditLifetime.untilMillis(other.lastCountedAt));
            }
          }
        }
        if (lastCredit != 0) {
          credit.computeIfAbsent(lastCurrency, c -> new TreeMap<>()).merge(t, -lastCredit, Long::sum);
        }
        if (share != 0) {
          credit.computeIfAbsent(currency, c -> new TreeMap<>()).merge(t, share, Long::sum);
        }
        if (servicing != lastServiced) {
          serviced.merge(t, servicing ? 1L : -1L, Long::sum);
        }
        lastCurrency = currency;
        lastCredit = share;
        lastServiced = servicing;
      }
    }
    return PartnerStanding.of(partnerId, f, firstSeen, activitiesKept(), windowDaysKept(),
        partner == null ? List.of() : partner.registrations, partner == null ? List.of() : partner.deals,
        serviced, credit, counted.stream().mapToLong(Long::longValue).toArray());
  }

  /** The figures {@code evaluate} gives at {@code asOf >= from}; empty when the partner is not known then. */
  public Optional<PartnerFigures> figures(PartnerStanding standing, Instant asOf) {
    long t = asOf.toEpochMilli();
    if (t < standing.from) {
      throw new IllegalArgumentException("asOf " + asOf + " is before the standing's " + standing.from());
    }
    if (standing.activitiesKept < activitiesKept() || standing.windowDaysKept < windowDaysKept()) {
      throw new IllegalStateException("the standing of partner " + standing.partnerId()
          + " was computed for other tier policies: compute it again");
    }
    PartnerFacts partner = standing.partner();
    if (partner == null || !standing.knownAt(t)) {
      return Optional.empty();
    }
    Moment m = moment(asOf, false);
    PartnerTally tally = new PartnerTally(partner, t);
    standing.creditAt(t, (currency, units) -> tally.addCredit(currency, 0, 1, units));
    tally.countedInWindow = standing.countedIn(QualifyingActivities.windowStart(t, m.windowDays), t);
    Decision d = decide(partner, tally, m);
    return Optional.of(new PartnerFigures(standing.partnerId(), d.registration() == null ? "" : d.registration().name(),
        d.tier(), d.next(), d.points(), standing.servicedAt(t)));
  }

  /** The most counted activities any tier policy asks for: more never changes a tier. */
  private long activitiesKept() {
    long most = 0;
    for (TierPolicy policy : rules.tierPolicies().entries()) {
      for (TierRequirement r : policy.requirements()) {
        most = Math.max(most, r.minQualifyingActivities());
      }
    }
    return most;
  }

  private int windowDaysKept() {
    int longest = 0;
    for (TierPolicy policy : rules.tierPolicies().entries()) {
      longest = Math.max(longest, policy.activityWindowDays());
    }
    return longest;
  }

  /** The instants evaluated ({@code asOf}, then the projection's) and what is in force at each. */
  private record Moment(Instant asOf, long[] at, Valuation[] valuations, TierPolicy policy, int windowDays) {}

  private Moment moment(Instant asOf) {
    return moment(asOf, true);
  }

  private Moment moment(Instant asOf, boolean projection) {
    long t = asOf.toEpochMilli();
    TierPolicy policy = rules.tierPolicies().inForceAtMillis(t);
    int windowDays = policy == null ? 0 : policy.activityWindowDays();
    long[] at = new long[projection ? PROJECTION_DAYS.size() + 1 : 1];
    at[0] = t;
    for (int k = 1; k < at.length; k++) {
      at[k] = t + PROJECTION_DAYS.get(k - 1) * DAY;
    }
    Valuation[] valuations = new Valuation[at.length];
    for (int k = 0; k < at.length; k++) {
      valuations[k] = new Valuation(
          rules.pointRates().inForceAtMillis(at[k]), rules.currencyEquivalents().inForceAtMillis(at[k]));
    }
    return new Moment(asOf, at, valuations, policy, windowDays);
  }

  /** The point rates and currency equivalents in force at one instant. */
  private record Valuation(PointRates rates, CurrencyEquivalents equivalents) {
    BigDecimal us100(Currency currency) {
      return equivalents == null ? null : equivalents.of(currency).orElse(null);
    }
  }

  /** What one partner accumulates over its clients. */
  private static final class PartnerTally {
    final boolean growthMarket;
    final List<ClientCredit> clients = new ArrayList<>();
    /**
     * Per client currency, the partner's managed credit at {@code asOf} and at each projection
     * instant, in minor units. Points are linear in credit, so converting each sum once gives exactly
     * the sum of the per-client points (section 8: "a total is the exact sum").
     */
    final Map<Currency, long[]> creditByCurrency = new IdentityHashMap<>(4);
    long countedInWindow;

    PartnerTally(PartnerFacts partner, long t) {
      PartnerRegistered registration = partner.registrationAt(t);
      this.growthMarket = registration != null && registration.growthMarket();
    }

    void addCredit(Currency currency, int instant, int instants, long minorUnits) {
      long[] sums = creditByCurrency.computeIfAbsent(currency, c -> new long[instants]);
      sums[instant] = Math.addExact(sums[instant], minorUnits);
    }

    /** Managed points at projection instant {@code k}: each currency's credit converted once. */
    Points managedAt(int k, Valuation valuation) {
      Points total = Points.ZERO;
      PointRates rates = valuation.rates();
      if (rates == null) {
        return total;
      }
      for (Map.Entry<Currency, long[]> e : creditByCurrency.entrySet()) {
        BigDecimal us100 = valuation.us100(e.getKey());
        if (us100 != null && e.getValue()[k] != 0) {
          total = total.plus(
              Points.forCredit(new Money(e.getValue()[k], e.getKey()), us100, rates.managed(growthMarket)));
        }
      }
      return total;
    }
  }

  // ---- Sections 5, 7 and 8 for one client ----

  private ClientSplit credit(Facts facts, ClientConclusions client, Moment m, long activityFloor,
      PartnerTally[] tallies) {
    long[] at = m.at;
    long t = at[0];
    Valuation now = m.valuations[0];
    State timeline = client.at(t, QualifyingActivities.windowStart(t, m.windowDays), activityFloor);
    Terms terms = terms(client, t);
    Currency currency = terms.currency();
    Money mrr = terms.mrr();
    Relationship[] relationships = timeline.relationships;

    // Section 7 at asOf and at each projection instant: the MRR split among the servicing partners.
    long[] shares = new long[relationships.length];
    long[] share0 = new long[relationships.length];
    int servicing0 = 0;
    List<ClientSplit.Share> split0 = new ArrayList<>(2);
    for (int k = 0; k < at.length; k++) {
      int servicing = split(relationships, mrr, at[k], shares);
      for (int ri = 0; ri < relationships.length && servicing > 0; ri++) {
        Relationship r = relationships[ri];
        if (!r.servicingAt(at[k])) {
          continue;
        }
        PartnerTally tally = tally(tallies, facts, r, t);
        if (tally != null) {
          tally.addCredit(currency, k, at.length, shares[ri]);
        }
        if (k == 0) {
          share0[ri] = shares[ri];
          split0.add(new ClientSplit.Share(r.partnerId, new Money(shares[ri], currency)));
        }
      }
      if (k == 0) {
        servicing0 = servicing;
      }
    }

    // Section 8, per client: the points of each partner's share at asOf.
    String name = terms.name();
    BigDecimal us100 = now.us100(currency);
    boolean rateMissing = us100 == null || now.rates() == null;
    Points lastPoints = Points.ZERO;
    long lastShare = 0;
    BigDecimal lastRate = null;
    for (int ri = 0; ri < relationships.length; ri++) {
      Relationship r = relationships[ri];
      if (!r.listed()) {
        continue;
      }
      PartnerTally tally = tally(tallies, facts, r, t);
      if (tally == null) {
        continue; // another partner's row, when only one partner's facts are evaluated
      }
      tally.countedInWindow += r.countedInWindow;
      boolean serviced = r.servicingAt(t);
      Points points = Points.ZERO;
      if (serviced && !rateMissing) {
        BigDecimal rate = now.rates().managed(tally.growthMarket);
        if (share0[ri] != lastShare || rate != lastRate) {
          lastPoints = Points.forCredit(new Money(share0[ri], currency), us100, rate);
          lastShare = share0[ri];
          lastRate = rate;
        }
        points = lastPoints;
      }
      tally.clients.add(row(timeline, r, t, name, currency, mrr,
          serviced ? new Money(share0[ri], currency) : Money.zero(currency),
          points, servicing0, rateMissing));
    }
    return new ClientSplit(client.clientId(), mrr, split0);
  }

  /** What the client's own facts say at {@code t}: its name, and the currency and MRR in force (section 7). */
  private record Terms(String name, Currency currency, Money mrr) {}

  private static Terms terms(ClientConclusions client, long t) {
    SubscriptionChanged subscription = FactOrder.latestAtOrBefore(client.subscriptions, t);
    ClientUpserted upsert = FactOrder.latestAtOrBefore(client.upserts, t);
    Currency currency = subscription != null ? subscription.mrr().currency()
        : upsert != null ? upsert.currency() : NO_CURRENCY;
    return new Terms(upsert != null ? upsert.name() : "", currency,
        subscription != null ? subscription.mrr() : Money.zero(currency));
  }

  /** Section 7 at {@code u}: each relationship's share (0 if not servicing); returns how many service. */
  private static int split(Relationship[] relationships, Money mrr, long u, long[] shares) {
    Arrays.fill(shares, 0);
    int servicing = 0;
    for (Relationship r : relationships) {
      if (r.servicingAt(u)) {
        servicing++;
      }
    }
    if (servicing == 0) {
      return 0;
    }
    long[] split = mrr.splitEvenly(servicing); // relationships are in ascending partnerId
    int i = 0;
    for (int ri = 0; ri < relationships.length; ri++) {
      if (relationships[ri].servicingAt(u)) {
        shares[ri] = split[i++];
      }
    }
    return servicing;
  }

  private static PartnerTally tally(PartnerTally[] tallies, Facts facts, Relationship r, long t) {
    PartnerFacts partner = facts.partners.get(r.partnerId);
    if (partner == null) {
      return null;
    }
    PartnerTally tally = tallies[partner.ordinal];
    if (tally == null) {
      tally = new PartnerTally(partner, t);
      tallies[partner.ordinal] = tally;
    }
    return tally;
  }

  /** One row of the Points Breakdown, with its status and reason (docs/api.md section 4). */
  private static ClientCredit row(State timeline, Relationship r, long t,
      String name, Currency currency, Money mrr, Money credit, Points points, int servicing,
      boolean rateMissing) {
    EmployeeActivity activity = timeline.activityOf(r, t);
    List<EmployeeCredit> employees = activity.crediting();
    Instant creditUntil = r.lastCountedAt == NONE
        ? null : CreditLifetime.creditUntil(Instant.ofEpochMilli(r.lastCountedAt));
    String lastActivity = activity.latestEmail() == null ? "" : "last qualifying activity "
        + Instant.ofEpochMilli(r.lastCountedAt) + " by " + activity.latestEmail();
    CreditStatus status;
    String reason;
    if (r.servicingAt(t) && rateMissing) {
      status = CreditStatus.NO_CONVERSION_RATE;
      reason = "no US$100 equivalent for " + currency.getCurrencyCode() + " in force: credit "
          + credit + " " + currency.getCurrencyCode() + " earns 0 points (" + lastActivity + ")";
    } else if (r.servicingAt(t)) {
      status = CreditStatus.SERVICED;
      reason = lastActivity;
    } else if (r.lastCountedAt != NONE) {
      status = CreditStatus.EXPIRED;
      reason = "credit expired at " + creditUntil + ", " + CreditLifetime.PERIOD.toDays() + " days after the "
          + lastActivity;
    } else if (r.missedAt != NONE) {
      status = CreditStatus.NOT_ASSIGNED_AT_ACTIVITY;
      reason = "qualifying activity " + Instant.ofEpochMilli(r.missedAt) + " did not count: "
          + timeline.missedReason(r);
    } else if (r.endedAt != NONE) {
      status = CreditStatus.ENDED;
      reason = "relationship ended " + Instant.ofEpochMilli(r.endedAt) + ": the last user with the"
          + " email of a current partner employee was removed from the client account; only"
          + " activity after employees are added again counts";
    } else {
      status = CreditStatus.NO_QUALIFYING_ACTIVITY;
      reason = "assigned, but no qualifying activity by a partner employee";
    }
    List<String> ignored = timeline.ignored();
    if (!ignored.isEmpty()) {
      reason = reason + (reason.isEmpty() ? "" : "; ") + String.join("; ", ignored);
    }
    return new ClientCredit(timeline.clientId(), name, currency, mrr, credit, points, servicing,
        status, creditUntil, reason, employees);
  }

  // ---- Sections 9 and 10 for one partner ----

  private PartnerBreakdown breakdown(PartnerFacts partner, PartnerTally tallied, Moment m) {
    long[] at = m.at;
    PartnerTally tally = tallied != null ? tallied : new PartnerTally(partner, at[0]);
    Decision d = decide(partner, tally, m);
    List<ProjectedPoints> projection = new ArrayList<>(at.length - 1);
    for (int k = 1; k < at.length; k++) {
      Instant instant = Instant.ofEpochMilli(at[k]);
      projection.add(new ProjectedPoints(
          LocalDate.ofInstant(instant, ZoneOffset.UTC), instant, tally.managedAt(k, m.valuations[k])));
    }
    return new PartnerBreakdown(partner.partnerId,
        d.registration() == null ? "" : d.registration().name(),
        d.registration() != null && d.registration().growthMarket(),
        m.asOf, d.tier(), d.next(), m.policy != null && m.policy.examples(), d.points(),
        new QualifyingActivities(m.windowDays, tally.countedInWindow), tally.clients, d.deals(), projection);
  }

  /** What sections 9 and 10 decide for a partner at {@code asOf}: sold points, totals and the tier. */
  private record Decision(PartnerRegistered registration, List<SoldDealPoints> deals, PointTotals points,
      Tier tier, NextTier next) {}

  private Decision decide(PartnerFacts partner, PartnerTally tally, Moment m) {
    long t = m.at[0];
    List<SoldDealPoints> deals = SoldPoints.earningAt(partner, t, rules);
    Points sold = Points.ZERO;
    for (SoldDealPoints deal : deals) {
      sold = sold.plus(deal.points());
    }
    Points managed = tally.managedAt(0, m.valuations[0]);
    long counted = tally.countedInWindow;
    Tier tier = rules.tierAt(m.asOf, managed, sold, counted);
    NextTier next = m.policy == null ? null : m.policy.nextTier(tier, managed, sold, counted).orElse(null);
    return new Decision(partner.registrationAt(t), deals, PointTotals.of(managed, sold), tier, next);
  }
}
