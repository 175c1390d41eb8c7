package com.partnercredit.domain;

import com.partnercredit.domain.Facts.PartnerFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjLongConsumer;

/**
 * What a partner's figures are made of from {@code from} on, with no new fact: registrations, deals,
 * credit per currency and clients serviced over time, counted activities ({@link CreditEngine#figures}).
 */
public final class PartnerStanding {
  /** The format of {@link #encode}: bump it when the layout changes, and rebuild the standings. */
  public static final int FORMAT = 1;

  private final long partnerId;
  final long from;
  /** The time of the partner's first own fact; {@link Long#MAX_VALUE} when it has none. */
  final long firstSeen;
  /** The most counted activities any tier policy asks for, and the longest window, when computed. */
  final long activitiesKept;
  final int windowDaysKept;
  final List<PartnerRegistered> registrations;
  final List<DealSold> deals;
  final Steps serviced;
  /** Managed credit in minor units, by currency code. */
  final Map<String, Steps> credit;
  /** Times of counted activities, sorted: the newest few up to {@code from}, and all after. */
  final long[] counted;

  private PartnerStanding(long partnerId, long from, long firstSeen, long activitiesKept, int windowDaysKept,
      List<PartnerRegistered> registrations, List<DealSold> deals, Steps serviced,
      Map<String, Steps> credit, long[] counted) {
    this.partnerId = partnerId;
    this.from = from;
    this.firstSeen = firstSeen;
    this.activitiesKept = activitiesKept;
    this.windowDaysKept = windowDaysKept;
    this.registrations = List.copyOf(registrations);
    this.deals = List.copyOf(deals);
    this.serviced = serviced;
    this.credit = new TreeMap<>(credit);
    this.counted = counted;
  }

  /**
   * Keeps what answers from {@code from} on: the deals still earning, the registrations in force
   * then or at those sales, the changes after it, the counted times a window can still see.
   */
  static PartnerStanding of(long partnerId, long from, long firstSeen, long activitiesKept, int windowDaysKept,
      List<PartnerRegistered> registrations, List<DealSold> deals, TreeMap<Long, Long> serviced,
      Map<String, TreeMap<Long, Long>> credit, long[] counted) {
    List<DealSold> kept = dealsFrom(deals, from);
    long since = from;
    for (DealSold d : kept) {
      since = Math.min(since, d.occurredAt().toEpochMilli());
    }
    Map<String, Steps> credits = new TreeMap<>();
    credit.forEach((code, deltas) -> {
      Steps steps = Steps.of(from, deltas);
      if (!steps.isZero()) {
        credits.put(code, steps);
      }
    });
    return new PartnerStanding(partnerId, from, firstSeen, activitiesKept, windowDaysKept,
        registrationsFrom(registrations, since), kept, Steps.of(from, serviced), credits,
        countedFrom(counted, from, activitiesKept, windowDaysKept));
  }

  /** The same standing, answering from a later {@code from} on: what a recompute then would give. */
  public PartnerStanding since(Instant later) {
    long f = later.toEpochMilli();
    if (f < from) {
      throw new IllegalArgumentException(later + " is before the standing's " + from());
    }
    Map<String, TreeMap<Long, Long>> deltas = new TreeMap<>();
    credit.forEach((code, steps) -> deltas.put(code, steps.deltas(from)));
    return of(partnerId, f, firstSeen, activitiesKept, windowDaysKept, registrations, deals,
        serviced.deltas(from), deltas, counted);
  }

  /** Deals that earn at some instant from {@code from} on (section 9), in one order, with new ids. */
  private static List<DealSold> dealsFrom(List<DealSold> all, long from) {
    List<DealSold> deals = new ArrayList<>(all);
    FactOrder.sortDistinct(deals);
    deals.removeIf(d -> SoldPoints.until(d.occurredAt()).toEpochMilli() <= from);
    deals.sort(Comparator.comparing(DealSold::occurredAt).thenComparingLong(d -> d.mrr().minorUnits())
        .thenComparing(d -> d.mrr().currency().getCurrencyCode()).thenComparing(DealSold::kind));
    List<DealSold> kept = new ArrayList<>(deals.size());
    for (DealSold d : deals) {
      kept.add(new DealSold("d" + kept.size(), d.occurredAt(), d.partnerId(), 0, d.mrr(), d.kind()));
    }
    return kept;
  }

  /** The registration in force at {@code since} and every later one, with new ids. */
  private static List<PartnerRegistered> registrationsFrom(List<PartnerRegistered> registrations, long since) {
    List<PartnerRegistered> all = new ArrayList<>(registrations);
    FactOrder.sortDistinct(all);
    List<PartnerRegistered> kept = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      PartnerRegistered r = all.get(i);
      long next = i + 1 < all.size() ? all.get(i + 1).occurredAt().toEpochMilli() : Long.MAX_VALUE;
      if (next != r.occurredAt().toEpochMilli() && next > since) { // neither replaced at once nor before since
        kept.add(new PartnerRegistered("r" + kept.size(), r.occurredAt(), r.partnerId(), r.name(), List.of(),
            r.growthMarket()));
      }
    }
    return kept;
  }

  /** Counted times a window from {@code from} on can see: the newest few up to it, and all after. */
  private static long[] countedFrom(long[] times, long from, long activitiesKept, int windowDaysKept) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    long start = QualifyingActivities.windowStart(from, windowDaysKept);
    int upTo = 0; // the first after from
    while (upTo < sorted.length && sorted[upTo] <= from) {
      upTo++;
    }
    int first = upTo;
    while (first > 0 && upTo - first < activitiesKept && QualifyingActivities.inWindow(sorted[first - 1], start)) {
      first--;
    }
    return Arrays.copyOfRange(sorted, first, sorted.length);
  }

  public long partnerId() {
    return partnerId;
  }

  /** The partner's newest registered name ("" when none): what a search by name matches. */
  public String latestName() {
    return registrations.isEmpty() ? "" : registrations.get(registrations.size() - 1).name();
  }

  /** The earliest {@code asOf} it answers. */
  public Instant from() {
    return Instant.ofEpochMilli(from);
  }

  /** The partner's own facts that figures read (registrations, deals), or null when it has none. */
  PartnerFacts partner() {
    if (firstSeen == Long.MAX_VALUE) {
      return null;
    }
    PartnerFacts partner = new PartnerFacts(partnerId, 0);
    partner.firstSeenMillis = firstSeen;
    partner.registrations.addAll(registrations);
    partner.deals.addAll(deals);
    return partner;
  }

  /** Whether the partner is known at {@code t}: a client lists it only after an employee's fact. */
  boolean knownAt(long t) {
    return firstSeen <= t;
  }

  /** Each currency's managed credit at {@code t}, in minor units (zeros left out). */
  void creditAt(long t, ObjLongConsumer<Currency> each) {
    credit.forEach((code, steps) -> {
      long units = steps.at(t);
      if (units != 0) {
        each.accept(Currency.getInstance(code), units);
      }
    });
  }

  int servicedAt(long t) {
    return Math.toIntExact(serviced.at(t));
  }

  /** Counted activities in {@code (windowStart, t]}, at most {@link #activitiesKept}. */
  long countedIn(long windowStart, long t) {
    long n = 0;
    for (long at : counted) {
      if (at <= t && QualifyingActivities.inWindow(at, windowStart)) {
        n++;
      }
    }
    return Math.min(n, activitiesKept);
  }

  /** A step function of time: {@code initial} until the first step, {@code values[i]} from {@code times[i]}. */
  static final class Steps {
    final long initial;
    final long[] times;
    final long[] values;

    Steps(long initial, long[] times, long[] values) {
      this.initial = initial;
      this.times = times;
      this.values = values;
    }

    long at(long t) {
      int lo = 0;
      int hi = times.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (times[mid] <= t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo == 0 ? initial : values[lo - 1];
    }

    /** From changes by time (all at or after {@code from}): the value at {@code from}, then each change. */
    static Steps of(long from, TreeMap<Long, Long> deltas) {
      long value = 0;
      long initial = 0;
      List<long[]> steps = new ArrayList<>();
      for (Map.Entry<Long, Long> e : deltas.entrySet()) {
        if (e.getValue() == 0) {
          continue;
        }
        value += e.getValue();
        if (e.getKey() <= from) {
          initial = value;
        } else {
          steps.add(new long[] {e.getKey(), value});
        }
      }
      long[] times = new long[steps.size()];
      long[] values = new long[steps.size()];
      for (int i = 0; i < times.length; i++) {
        times[i] = steps.get(i)[0];
        values[i] = steps.get(i)[1];
      }
      return new Steps(initial, times, values);
    }

    /** The changes that make it: the value at {@code from}, then each step's. */
    TreeMap<Long, Long> deltas(long from) {
      TreeMap<Long, Long> deltas = new TreeMap<>();
      deltas.put(from, initial);
      long value = initial;
      for (int i = 0; i < times.length; i++) {
        deltas.put(times[i], values[i] - value);
        value = values[i];
      }
      return deltas;
    }

    boolean isZero() {
      return initial == 0 && times.length == 0;
    }

    void encode(Encoding.Out out, long from) {
      out.zigzag(initial);
      out.varint(times.length);
      long time = from;
      long value = initial;
      for (int i = 0; i < times.length; i++) {
        out.varlong(times[i] - time);
        out.zigzag(values[i] - value);
        time = times[i];
        value = values[i];
      }
    }

    static Steps decode(Encoding.In in, long from) {
      long initial = in.zigzag();
      int n = in.varint();
      long[] times = new long[n];
      long[] values = new long[n];
      long time = from;
      long value = initial;
      for (int i = 0; i < n; i++) {
        time += in.varlong();
        value += in.zigzag();
        times[i] = time;
        values[i] = value;
      }
      return new Steps(initial, times, values);
    }
  }

  /** The standing as bytes: times and amounts as deltas from {@code from} (varints). */
  public byte[] encode() {
    Encoding.Out out = new Encoding.Out();
    out.varint(FORMAT);
    out.varlong(partnerId);
    out.zigzag(from);
    out.varint(firstSeen == Long.MAX_VALUE ? 0 : 1);
    if (firstSeen != Long.MAX_VALUE) {
      out.zigzag(firstSeen - from);
    }
    out.varlong(activitiesKept);
    out.varint(windowDaysKept);
    out.varint(registrations.size());
    long time = from;
    for (PartnerRegistered r : registrations) {
      out.zigzag(r.occurredAt().toEpochMilli() - time);
      time = r.occurredAt().toEpochMilli();
      out.text(r.name());
      out.varint(r.growthMarket() ? 1 : 0);
    }
    out.varint(deals.size());
    time = from;
    for (DealSold d : deals) {
      out.zigzag(d.occurredAt().toEpochMilli() - time);
      time = d.occurredAt().toEpochMilli();
      out.varlong(d.mrr().minorUnits());
      out.text(d.mrr().currency().getCurrencyCode());
      out.varint(d.kind().ordinal());
    }
    serviced.encode(out, from);
    out.varint(credit.size());
    for (Map.Entry<String, Steps> e : credit.entrySet()) {
      out.text(e.getKey());
      e.getValue().encode(out, from);
    }
    out.varint(counted.length);
    time = from;
    for (int i = 0; i < counted.length; i++) {
      if (i == 0) {
        out.zigzag(counted[0] - from);
      } else {
        out.varlong(counted[i] - time);
      }
      time = counted[i];
    }
    return out.bytes();
  }

  /** The standing that {@link #encode} wrote. */
  public static PartnerStanding decode(byte[] bytes) {
    Encoding.In in = new Encoding.In(bytes);
    int format = in.varint();
    if (format != FORMAT) {
      throw new IllegalArgumentException("standing in format " + format + ", expected " + FORMAT);
    }
    long partnerId = in.varlong();
    long from = in.zigzag();
    long firstSeen = in.varint() == 0 ? Long.MAX_VALUE : from + in.zigzag();
    long activitiesKept = in.varlong();
    int windowDaysKept = in.varint();
    List<PartnerRegistered> registrations = new ArrayList<>();
    long time = from;
    for (int n = in.varint(), i = 0; i < n; i++) {
      time += in.zigzag();
      registrations.add(new PartnerRegistered("r" + i, Instant.ofEpochMilli(time), partnerId, in.text(), List.of(),
          in.varint() == 1));
    }
    List<DealSold> deals = new ArrayList<>();
    time = from;
    for (int n = in.varint(), i = 0; i < n; i++) {
      time += in.zigzag();
      long units = in.varlong();
      Money mrr = new Money(units, Currency.getInstance(in.text()));
      deals.add(new DealSold("d" + i, Instant.ofEpochMilli(time), partnerId, 0, mrr, kind(in.varint())));
    }
    Steps serviced = Steps.decode(in, from);
    Map<String, Steps> credit = new TreeMap<>();
    for (int n = in.varint(); n > 0; n--) {
      String code = in.text();
      Currency.getInstance(code); // refuses what is not a currency
      credit.put(code, Steps.decode(in, from));
    }
    long[] counted = new long[in.varint()];
    time = from;
    for (int i = 0; i < counted.length; i++) {
      time = i == 0 ? from + in.zigzag() : time + in.varlong();
      counted[i] = time;
    }
    in.end();
    return new PartnerStanding(partnerId, from, firstSeen, activitiesKept, windowDaysKept, registrations, deals,
        serviced, credit, counted);
  }

  private static DealKind kind(int ordinal) {
    DealKind[] kinds = DealKind.values();
    if (ordinal < 0 || ordinal >= kinds.length) {
      throw new IllegalArgumentException("no deal kind " + ordinal);
    }
    return kinds[ordinal];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartnerStanding s && Arrays.equals(encode(), s.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "PartnerStanding[partner " + partnerId + " from " + from() + ", " + encode().length + " bytes]";
  }
}
