package com.partnercredit.domain;

import com.partnercredit.domain.Facts.EmployeeKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;

/**
 * What the replay of one client account concluded, as a log in time order: which activities counted
 * for which partner and employee, which did not and why, when a relationship started to be assigned
 * or ended, the employees' emails, and the facts ignored for a missing right. The replay is causal
 * (each conclusion depends only on facts at or before its time), so the state {@link #at} an
 * instant {@code t} is the same whether the log was replayed up to {@code t} or up to any later time:
 * one log answers every {@code asOf}, and it is what a read model of each client can keep ({@link #encode}).
 */
public final class ClientConclusions {
  static final long NONE = ClientAccountTimeline.NONE;

  /** The kinds of log entry. */
  enum Op {
    /** An employee's email (from its latest {@code EMPLOYEE_ADDED}); arg: the word (pair, email). */
    EMAIL,
    /** The partner's first assignment to the client; arg: relationship. */
    ASSIGNED,
    /** An activity counted for the partner, by this employee of it; arg: pair. */
    COUNTED,
    /** ... and for another employee of the same partner with the same email; arg: pair. */
    PAIR_COUNTED,
    /** An activity by an employee's user that did not count; arg: pair and failed step ({@link #missed}). */
    MISSED,
    /** The relationship ended (section 6); arg: relationship. */
    ENDED,
    /** A fact ignored for a missing right; arg: the word (why). */
    IGNORED
  }

  private static final Op[] OPS = Op.values();
  private static final Step[] STEPS = Step.values();

  /** The argument of a {@link Op#MISSED} entry. */
  static int missed(int pair, Step step) {
    return pair * STEPS.length + step.ordinal();
  }

  private final long clientId;
  /** The client's names and currencies, and its subscriptions, as they change. */
  List<ClientUpserted> upserts = List.of();
  List<SubscriptionChanged> subscriptions = List.of();
  /** The time of the client's earliest fact, or of its earliest activity if earlier. */
  long firstSeenMillis = Long.MAX_VALUE;
  private final EmployeeKey[] pairs;
  /** Relationship r covers pairs {@code [firstPair[r], firstPair[r + 1])}, in ascending partnerId. */
  private final int[] firstPair;
  private final int[] relationshipOf;
  private long[] time;
  private byte[] op;
  private int[] arg;
  /** The words of {@link Op#EMAIL} and {@link Op#IGNORED} entries, whose arg indexes them. */
  private final List<Word> words = new ArrayList<>(2);

  /** An employee's email (pair), or why a fact was ignored (pair -1). */
  private record Word(int pair, String text) {}
  private int size;

  ClientConclusions(long clientId, EmployeeKey[] pairs, int expectedEntries) {
    this.clientId = clientId;
    int capacity = Math.max(4, expectedEntries);
    this.time = new long[capacity];
    this.op = new byte[capacity];
    this.arg = new int[capacity];
    this.pairs = pairs;
    List<Integer> starts = new ArrayList<>();
    for (int p = 0; p < pairs.length; p++) {
      if (p == 0 || pairs[p].partnerId() != pairs[p - 1].partnerId()) {
        starts.add(p);
      }
    }
    starts.add(pairs.length);
    this.firstPair = starts.stream().mapToInt(Integer::intValue).toArray();
    this.relationshipOf = new int[pairs.length];
    for (int r = 0; r + 1 < firstPair.length; r++) {
      Arrays.fill(relationshipOf, firstPair[r], firstPair[r + 1], r);
    }
  }

  public long clientId() {
    return clientId;
  }

  /** The client's own facts up to {@code asOf}, which the split and the rows read. */
  void client(Facts.ClientFacts client, long asOf) {
    upserts = upToAsOf(client.upserts, asOf);
    subscriptions = upToAsOf(client.subscriptions, asOf);
    firstSeenMillis = client.firstSeenMillis;
  }

  private static <T extends Fact> List<T> upToAsOf(List<T> facts, long asOf) {
    for (T fact : facts) {
      if (fact.occurredAt().toEpochMilli() > asOf) {
        return facts.stream().filter(f -> f.occurredAt().toEpochMilli() <= asOf).toList();
      }
    }
    return facts;
  }

  /** The partners met on the account, in ascending partnerId. */
  public long[] partnerIds() {
    long[] ids = new long[firstPair.length - 1];
    for (int r = 0; r < ids.length; r++) {
      ids[r] = pairs[firstPair[r]].partnerId();
    }
    return ids;
  }

  /** The time of entry {@code i}: entries are in time order. */
  public long timeAt(int i) {
    return time[i];
  }

  /** How many entries the log holds. */
  public int size() {
    return size;
  }

  int relationshipOf(int pair) {
    return relationshipOf[pair];
  }

  void add(long at, Op kind, int argument) {
    if (size == time.length) {
      int grown = size * 2;
      time = Arrays.copyOf(time, grown);
      op = Arrays.copyOf(op, grown);
      arg = Arrays.copyOf(arg, grown);
    }
    time[size] = at;
    op[size] = (byte) kind.ordinal();
    arg[size] = argument;
    size++;
  }

  void add(long at, Op kind, int pair, String text) {
    add(at, kind, words.size());
    words.add(new Word(pair, text));
  }

  /** The format of {@link #encode}: bump it when the layout changes, and rebuild the read model. */
  public static final int FORMAT = 1;

  /**
   * The log as bytes, for the read model's item: the client, its names and subscriptions, the
   * employees met, then each entry as a time delta, kind and argument (varints). {@link #decode}
   * gives back an equal log.
   */
  public byte[] encode() {
    Encoding.Out out = new Encoding.Out();
    out.varint(FORMAT);
    out.varlong(clientId);
    out.varlong(firstSeenMillis == Long.MAX_VALUE ? 0 : firstSeenMillis - Long.MIN_VALUE + 1);
    out.varint(upserts.size());
    for (ClientUpserted u : upserts) {
      out.text(u.eventId());
      out.varlong(u.occurredAt().toEpochMilli());
      out.text(u.name());
      out.text(u.domain());
      out.text(u.currency().getCurrencyCode());
    }
    out.varint(subscriptions.size());
    for (SubscriptionChanged c : subscriptions) {
      out.text(c.eventId());
      out.varlong(c.occurredAt().toEpochMilli());
      out.varlong(c.mrr().minorUnits());
      out.text(c.mrr().currency().getCurrencyCode());
    }
    out.varint(pairs.length);
    for (EmployeeKey pair : pairs) {
      out.varlong(pair.partnerId());
      out.varlong(pair.employeeId());
    }
    out.varint(words.size());
    for (Word word : words) {
      out.varint(word.pair() + 1);
      out.text(word.text());
    }
    out.varint(size);
    long previous = 0;
    for (int i = 0; i < size; i++) {
      out.zigzag(time[i] - previous);
      previous = time[i];
      out.varint(op[i]);
      out.varint(arg[i]);
    }
    return out.bytes();
  }

  /** The log that {@link #encode} wrote. */
  public static ClientConclusions decode(byte[] bytes) {
    Encoding.In in = new Encoding.In(bytes);
    int format = in.varint();
    if (format != FORMAT) {
      throw new IllegalArgumentException("conclusions in format " + format + ", expected " + FORMAT);
    }
    long clientId = in.varlong();
    long firstSeen = in.varlong();
    List<ClientUpserted> upserts = new ArrayList<>();
    for (int n = in.varint(); n > 0; n--) {
      upserts.add(new ClientUpserted(in.text(), Instant.ofEpochMilli(in.varlong()), clientId, in.text(),
          in.text(), Currency.getInstance(in.text())));
    }
    List<SubscriptionChanged> subscriptions = new ArrayList<>();
    for (int n = in.varint(); n > 0; n--) {
      String eventId = in.text();
      Instant at = Instant.ofEpochMilli(in.varlong());
      long units = in.varlong();
      subscriptions.add(new SubscriptionChanged(
          eventId, at, clientId, new Money(units, Currency.getInstance(in.text()))));
    }
    EmployeeKey[] pairs = new EmployeeKey[in.varint()];
    for (int p = 0; p < pairs.length; p++) {
      pairs[p] = new EmployeeKey(in.varlong(), in.varlong());
    }
    int words = in.varint();
    ClientConclusions log = new ClientConclusions(clientId, pairs, 0);
    log.firstSeenMillis = firstSeen == 0 ? Long.MAX_VALUE : firstSeen + Long.MIN_VALUE - 1;
    log.upserts = List.copyOf(upserts);
    log.subscriptions = List.copyOf(subscriptions);
    for (int w = 0; w < words; w++) {
      log.words.add(new Word(in.varint() - 1, in.text()));
    }
    int size = in.varint();
    long previous = 0;
    for (int i = 0; i < size; i++) {
      previous += in.zigzag();
      log.add(previous, OPS[in.varint()], in.varint());
    }
    in.end();
    return log;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientConclusions c && Arrays.equals(encode(), c.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  /**
   * The state at {@code t}: every entry at or before {@code t}, except the judgements of
   * activities older than {@code activityFloor} (those a live read no longer loads).
   * {@link Relationship#countedInWindow} counts the activities counted in {@code (windowStart, t]}.
   */
  State at(long t, long windowStart, long activityFloor) {
    State state = new State(this);
    for (int i = 0; i < size; i++) {
      long at = time[i];
      Op kind = OPS[op[i]];
      boolean activity = judgesActivity(i);
      if (at > t) {
        if (activity) {
          continue; // judgements between two facts come in no particular order
        }
        break;
      }
      if (activity && at < activityFloor) {
        continue;
      }
      switch (kind) {
        case EMAIL -> state.email[words.get(arg[i]).pair()] = words.get(arg[i]).text();
        case ASSIGNED -> state.relationships[arg[i]].everAssigned = true;
        case COUNTED -> {
          state.relationships[relationshipOf(arg[i])].counted(at, QualifyingActivities.inWindow(at, windowStart));
          state.pairCounted(arg[i], at);
        }
        case PAIR_COUNTED -> state.pairCounted(arg[i], at);
        case MISSED -> {
          int pair = arg[i] / STEPS.length;
          state.relationships[relationshipOf(pair)].missed(at, pair, STEPS[arg[i] % STEPS.length]);
        }
        case ENDED -> state.end(arg[i], at);
        case IGNORED -> state.ignored.add(words.get(arg[i]).text());
      }
    }
    return state;
  }

  /** Whether entry {@code i} judges an activity (counted or not): what an activity floor leaves out. */
  boolean judgesActivity(int i) {
    Op kind = OPS[op[i]];
    return kind == Op.COUNTED || kind == Op.PAIR_COUNTED || kind == Op.MISSED;
  }

  /** The times of the activities counted for relationship {@code r}: what {@link #at} counts in its window. */
  long[] countedTimes(int r) {
    long[] times = new long[8];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (OPS[op[i]] == Op.COUNTED && relationshipOf(arg[i]) == r) {
        if (n == times.length) {
          times = Arrays.copyOf(times, n * 2);
        }
        times[n++] = time[i];
      }
    }
    return Arrays.copyOf(times, n);
  }

  /** Why an activity by a user with an employee's email did or did not count (first failed step). */
  enum Step {
    COUNTS(""),
    NOT_AN_EMPLOYEE("%s was not an employee of the partner at that time"),
    NOT_ASSIGNED("the client was not assigned to %s at that time (assign it, or link it in"
        + " Client Access Manager, before the activity)"),
    USER_NOT_ACTIVE("the user %s was not active on the client account at that time (deactivated, or"
        + " removed)");

    private final String words;

    Step(String words) {
      this.words = words;
    }

    String explain(String email) {
      return String.format(words, email);
    }
  }

  /** One partner's relationship with the client at an instant: what counted, what did not, the end. */
  static final class Relationship {
    final long partnerId;
    final int firstPair;
    final int endPair;
    boolean everAssigned;
    long endedAt = NONE;
    long lastCountedAt = NONE;
    long countedInWindow;
    long missedAt = NONE;
    int missedPair;
    Step missedStep;

    Relationship(long partnerId, int firstPair, int endPair) {
      this.partnerId = partnerId;
      this.firstPair = firstPair;
      this.endPair = endPair;
    }

    boolean servicingAt(long t) {
      return lastCountedAt != NONE && CreditLifetime.alive(lastCountedAt, t);
    }

    boolean listed() {
      return everAssigned || lastCountedAt != NONE || missedAt != NONE;
    }

    /** Section 5: a counted activity keeps the partner servicing the client from its time. */
    void counted(long at, boolean inWindow) {
      if (at > lastCountedAt) {
        lastCountedAt = at;
      }
      if (inWindow) {
        countedInWindow++;
      }
    }

    /** The latest activity that did not count (the lowest employee, then step, at a tie) explains why. */
    void missed(long at, int pair, Step step) {
      if (at > missedAt || (at == missedAt
          && (pair < missedPair || (pair == missedPair && step.compareTo(missedStep) < 0)))) {
        missedAt = at;
        missedPair = pair;
        missedStep = step;
      }
    }
  }

  /** The conclusions folded up to an instant. */
  static final class State {
    private final ClientConclusions log;
    final Relationship[] relationships;
    private final String[] email;
    private final long[] pairLastCountedAt;
    private final List<String> ignored = new ArrayList<>(0);

    private State(ClientConclusions log) {
      this.log = log;
      int n = log.firstPair.length - 1;
      this.relationships = new Relationship[n];
      for (int r = 0; r < n; r++) {
        relationships[r] = new Relationship(
            log.pairs[log.firstPair[r]].partnerId(), log.firstPair[r], log.firstPair[r + 1]);
      }
      this.email = new String[log.pairs.length];
      this.pairLastCountedAt = new long[log.pairs.length];
      Arrays.fill(pairLastCountedAt, NONE);
    }

    long clientId() {
      return log.clientId;
    }

    private void pairCounted(int pair, long at) {
      if (at > pairLastCountedAt[pair]) {
        pairLastCountedAt[pair] = at;
      }
    }

    /** Section 6: all of P's credit on C stops at once; only activities after a new start count. */
    private void end(int r, long at) {
      Relationship rel = relationships[r];
      rel.endedAt = at;
      rel.lastCountedAt = NONE;
      rel.missedAt = NONE;
      for (int p = rel.firstPair; p < rel.endPair; p++) {
        pairLastCountedAt[p] = NONE;
      }
    }

    /**
     * What a partner's employees did on this account: those whose latest counted activity still
     * keeps credit alive at {@code t}, and the email of the one who acted last (null when none did).
     */
    EmployeeActivity activityOf(Relationship r, long t) {
      List<EmployeeCredit> crediting = new ArrayList<>(1);
      int latest = -1;
      for (int p = r.firstPair; p < r.endPair; p++) {
        long last = pairLastCountedAt[p];
        if (last == NONE) {
          continue;
        }
        if (latest < 0 || last > pairLastCountedAt[latest]) {
          latest = p;
        }
        if (CreditLifetime.alive(last, t)) {
          crediting.add(new EmployeeCredit(log.pairs[p].employeeId(), email[p], Instant.ofEpochMilli(last)));
        }
      }
      return new EmployeeActivity(crediting, latest < 0 ? null : email[latest]);
    }

    /** Why the partner's latest missed activity did not count, in words. */
    String missedReason(Relationship r) {
      return r.missedStep.explain(email[r.missedPair]);
    }

    /** What the engine ignored on this account, in words (empty when nothing). */
    List<String> ignored() {
      return List.copyOf(ignored);
    }
  }

  /** Employees whose credit is alive, and the email of the one who acted last. */
  record EmployeeActivity(List<EmployeeCredit> crediting, String latestEmail) {}
}
