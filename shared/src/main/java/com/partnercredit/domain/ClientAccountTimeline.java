package com.partnercredit.domain;

import com.partnercredit.domain.ClientConclusions.Op;
import com.partnercredit.domain.ClientConclusions.Step;
import com.partnercredit.domain.Facts.ClientFacts;
import com.partnercredit.domain.Facts.EmployeeKey;
import com.partnercredit.domain.Facts.PartnerFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The life of one client account up to {@code asOf}: who is a user on it, which partner employees are
 * assigned to it, and which activities counted for which partner (sections 2, 3, 5 and 6). What it
 * concludes it writes, in time order, to a {@link ClientConclusions} log.
 *
 * <p>The account's facts, and the facts of the partner employees whose email is a user's email (or
 * who were linked to the client), are applied one by one in {@link FactOrder}. Each activity is judged
 * against the state at its own time, so a fact arriving late changes the past correctly. The four
 * steps of section 2, for an employee E of partner P and the user U who acted:
 * <ol>
 *   <li>E is a partner employee of P (added, not removed);</li>
 *   <li>C is assigned to E: {@link #assigned} (section 3);</li>
 *   <li>U is a user on C with E's email and U is ACTIVE;</li>
 *   <li>the activity qualifies ({@link Activity#qualifying()}; others never get here).</li>
 * </ol>
 *
 * <p>Choices where the rulebook is silent:
 * <ul>
 *   <li>Automatic assignment uses P's domains of the registration in force at the time; before any
 *       registration P has no domains.</li>
 *   <li>An unlink overrides automatic assignment until a new link, even across the user or the
 *       employee being removed and added again.</li>
 *   <li>A link lasts until an unlink; it assigns only while E is P's employee (step 1 still
 *       applies).</li>
 *   <li>The relationship of P and C ends (section 6) at a {@code CLIENT_USER_REMOVED} of one of P's
 *       people (a user whose email is that of an employee P has added, current or former) after which
 *       no user on C (active or deactivated) has the email of a current employee of P. So removing an
 *       employee from the partner does not end it by itself ("not immediately"), but removing that
 *       person's user from C afterwards does, as the rulebook's words say; removing a client's own
 *       staff member ends nothing.</li>
 *   <li>An activity by a user with no {@code CLIENT_USER_ADDED} is nobody's: it is ignored.</li>
 * </ul>
 */
final class ClientAccountTimeline {

  static final long NONE = Long.MIN_VALUE;
  static final long DAY_MILLIS = 86_400_000L;

  // user status
  private static final byte ABSENT = 0;
  private static final byte ACTIVE = 1;
  private static final byte DEACTIVATED = 2;
  private static final byte REMOVED = 3;
  // link state of an employee on this client
  private static final byte NOT_LINKED = 0;
  private static final byte LINKED = 1;
  private static final byte UNLINKED = 2;

  private static final Step[] STEPS = Step.values();
  private static final byte NO_MATCH = -1;

  /** One partner met on the account: its employees' pairs, its domains, whether assignment was logged. */
  private static final class Partner {
    final int firstPair;
    final int endPair;
    List<String> domains = List.of();
    boolean everAssigned;

    Partner(int firstPair, int endPair) {
      this.firstPair = firstPair;
      this.endPair = endPair;
    }
  }

  private final long asOf;

  private long[] userIds;
  private String[] userEmail;
  private byte[] userStatus;

  private final EmployeeKey[] pairs;
  private final String[] pairEmail;
  private final String[] pairDomain;
  private final boolean[] pairEmployed;
  private final byte[] pairLink;
  private final boolean[] pairAssigned;
  private final Partner[] partners;
  /** Per user and pair: the step that fails, or {@link #NO_MATCH} when the emails differ. */
  private byte[] steps;
  /** All the facts evaluated, and this account's: what {@link PartnerAdminRight} reads. */
  private Facts facts;
  private List<Fact> account = List.of();
  /** What the replay concludes, in time order. */
  private final ClientConclusions log;

  private ClientAccountTimeline(
      long clientId, long asOf, long[] userIds, EmployeeKey[] pairs, int expectedEntries) {
    this.asOf = asOf;
    this.userIds = userIds;
    this.userEmail = new String[userIds.length];
    this.userStatus = new byte[userIds.length];
    this.pairs = pairs;
    int m = pairs.length;
    this.pairEmail = new String[m];
    this.pairDomain = new String[m];
    this.pairEmployed = new boolean[m];
    this.pairLink = new byte[m];
    this.pairAssigned = new boolean[m];
    List<Partner> met = new ArrayList<>();
    for (int p = 0; p < m; ) {
      int q = p;
      while (q < m && pairs[q].partnerId() == pairs[p].partnerId()) {
        q++;
      }
      met.add(new Partner(p, q));
      p = q;
    }
    this.partners = met.toArray(new Partner[0]);
    this.steps = new byte[userIds.length * m];
    Arrays.fill(steps, NO_MATCH);
    this.log = new ClientConclusions(clientId, pairs, expectedEntries);
  }

  /**
   * Replays the client account up to {@code asOf} (facts with {@code occurredAt <= asOf};
   * {@code Long.MAX_VALUE} for all) and returns what it concluded.
   */
  static ClientConclusions replay(Facts facts, ClientFacts client, long asOf, Scratch scratch) {
    // The users of the account and the employees who may act on it.
    List<Fact> state = new ArrayList<>(client.account.size() * 2 + 4);
    long[] users = new long[client.account.size()];
    int userCount = 0;
    List<EmployeeKey> employees = new ArrayList<>();
    PartnersOnClient.Visitor meets = new PartnersOnClient.Visitor() {
      @Override
      public void userEmail(String email) {
        List<EmployeeKey> sameEmail = facts.employeesByEmail.get(email);
        if (sameEmail != null) {
          employees.addAll(sameEmail);
        }
      }

      @Override
      public void linkedEmployee(long partnerId, long employeeId) {
        employees.add(new EmployeeKey(partnerId, employeeId));
      }
    };
    for (Fact f : client.account) {
      if (f.occurredAt().toEpochMilli() > asOf) {
        continue;
      }
      state.add(f);
      if (f instanceof ClientUserAdded a) {
        users[userCount++] = a.userId();
      }
      PartnersOnClient.visit(f, meets);
    }
    long[] userIds = distinctSorted(users, userCount);
    employees.sort(null);
    EmployeeKey[] pairs = distinct(employees);
    int expected = pairs.length == 0 ? 0 : 16;
    ClientAccountTimeline timeline =
        new ClientAccountTimeline(client.clientId, asOf, userIds, pairs, expected);
    timeline.log.client(client, asOf);
    timeline.facts = facts;
    timeline.account = client.account;
    if (pairs.length == 0) {
      return timeline.log; // no partner employee ever met this account
    }
    for (Partner r : timeline.partners) {
      // every employee key comes with its partner's facts
      PartnerFacts partner = facts.partners.get(pairs[r.firstPair].partnerId());
      for (PartnerRegistered registration : partner.registrations) {
        if (registration.occurredAt().toEpochMilli() <= asOf) {
          state.add(registration);
        }
      }
      for (int p = r.firstPair; p < r.endPair; p++) {
        for (Fact f : partner.employees.getOrDefault(pairs[p].employeeId(), List.of())) {
          if (f.occurredAt().toEpochMilli() <= asOf) {
            state.add(f);
          }
        }
      }
    }
    FactOrder.sortDistinct(state);
    timeline.run(state, client, scratch);
    return timeline.log;
  }

  private static long[] distinctSorted(long[] values, int n) {
    Arrays.sort(values, 0, n);
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (kept == 0 || values[kept - 1] != values[i]) {
        values[kept++] = values[i];
      }
    }
    return kept == values.length ? values : Arrays.copyOf(values, kept);
  }

  private static EmployeeKey[] distinct(List<EmployeeKey> sorted) {
    int kept = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (kept == 0 || !sorted.get(kept - 1).equals(sorted.get(i))) {
        sorted.set(kept++, sorted.get(i));
      }
    }
    return sorted.subList(0, kept).toArray(new EmployeeKey[0]);
  }

  private void run(List<Fact> state, ClientFacts client, Scratch scratch) {
    int n = state.size();
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = FactOrder.key(state.get(i));
    }
    // Each activity falls between two state facts: its "epoch" is how many state facts precede it.
    int count = client.activityCount;
    long[] millis = client.activityMillis;
    long[] activityUser = client.activityUser;
    int[] epochOf = scratch.epochs(count);
    int[] userOf = scratch.users(count);
    int[] perEpoch = new int[n + 2];
    for (int i = 0; i < count; i++) {
      int u = millis[i] > asOf ? -1 : Arrays.binarySearch(userIds, activityUser[i]);
      if (u < 0) {
        epochOf[i] = -1; // not yet happened, or by a user never added: nobody's activity
        continue;
      }
      userOf[i] = u;
      int pos = Arrays.binarySearch(keys, FactOrder.key(millis[i], FactOrder.ACTIVITY)); // never found
      int epoch = -pos - 1; // the number of state facts before the activity
      epochOf[i] = epoch;
      perEpoch[epoch + 1]++;
    }
    for (int e = 1; e < perEpoch.length; e++) {
      perEpoch[e] += perEpoch[e - 1];
    }
    int[] order = scratch.order(count);
    int[] next = Arrays.copyOf(perEpoch, perEpoch.length);
    for (int i = 0; i < count; i++) {
      if (epochOf[i] >= 0) {
        order[next[epochOf[i]]++] = i;
      }
    }
    recompute(NONE);
    for (int epoch = 0; epoch <= n; epoch++) {
      for (int j = perEpoch[epoch]; j < perEpoch[epoch + 1]; j++) {
        int i = order[j];
        judge(userOf[i], millis[i]);
      }
      if (epoch < n) {
        Fact fact = state.get(epoch);
        apply(fact);
        recompute(fact.occurredAt().toEpochMilli());
      }
    }
  }

  // ---- Sections 2 and 5: judging an activity at its own time ----

  private void judge(int user, long at) {
    int m = pairs.length;
    int row = user * m;
    for (Partner partner : partners) {
      int counting = 0;
      int missedPair = -1;
      for (int p = partner.firstPair; p < partner.endPair; p++) {
        byte step = steps[row + p];
        if (step == Step.COUNTS.ordinal()) {
          log.add(at, counting++ == 0 ? Op.COUNTED : Op.PAIR_COUNTED, p);
        } else if (step != NO_MATCH && missedPair < 0) {
          missedPair = p;
        }
      }
      if (counting == 0 && missedPair >= 0) {
        log.add(at, Op.MISSED, ClientConclusions.missed(missedPair, STEPS[steps[row + missedPair]]));
      }
    }
  }

  // ---- Applying account, employee and partner facts ----

  private void apply(Fact fact) {
    if (fact instanceof ClientUserAdded f) {
      int u = user(f.userId());
      userEmail[u] = f.email();
      userStatus[u] = ACTIVE;
    } else if (fact instanceof ClientUserDeactivated f) {
      int u = user(f.userId());
      if (u >= 0 && userStatus[u] == ACTIVE) {
        userStatus[u] = DEACTIVATED;
      }
    } else if (fact instanceof ClientUserReactivated f) {
      int u = user(f.userId());
      if (u >= 0 && userStatus[u] == DEACTIVATED && sentWithTheRight(f, f.byPartnerAdmin(), f.userId())) {
        userStatus[u] = ACTIVE;
      }
    } else if (fact instanceof ClientUserRemoved f) {
      if (sentWithTheRight(f, f.byPartnerAdmin(), f.userId())) {
        removeUser(fact, user(f.userId()));
      }
    } else if (fact instanceof ClientLinked f) {
      pairLink[pair(f.partnerId(), f.employeeId())] = LINKED;
    } else if (fact instanceof ClientUnlinked f) {
      pairLink[pair(f.partnerId(), f.employeeId())] = UNLINKED;
    } else if (fact instanceof EmployeeAdded f) {
      int p = pair(f.partnerId(), f.employeeId());
      pairEmail[p] = f.email();
      pairDomain[p] = Emails.domainOf(f.email());
      pairEmployed[p] = true;
      log.add(f.occurredAt().toEpochMilli(), Op.EMAIL, p, f.email());
    } else if (fact instanceof EmployeeRemoved f) {
      pairEmployed[pair(f.partnerId(), f.employeeId())] = false;
    } else if (fact instanceof PartnerRegistered f) {
      for (Partner r : partners) {
        if (pairs[r.firstPair].partnerId() == f.partnerId()) {
          r.domains = f.domains();
        }
      }
    }
  }

  /**
   * A reactivation or removal sent by a partner admin counts only when the user is that partner's
   * employee at the fact's time ({@link PartnerAdminRight}), decided here on all the facts known, so
   * the outcome never depends on the order in which they arrived. One sent without the right is
   * ignored, and said so in the client's reason.
   */
  private boolean sentWithTheRight(Fact fact, OptionalLong byPartnerAdmin, long userId) {
    if (byPartnerAdmin.isEmpty()) {
      return true; // sent by the system
    }
    long partnerId = byPartnerAdmin.getAsLong();
    PartnerFacts partner = facts == null ? null : facts.partners.get(partnerId);
    List<Fact> partnerFacts = partner == null ? List.of() : partner.employeeFacts();
    if (PartnerAdminRight.allows(partnerId, log.clientId(), userId, fact.occurredAt(), partnerFacts, account)) {
      return true;
    }
    log.add(fact.occurredAt().toEpochMilli(), Op.IGNORED, -1,
        (fact instanceof ClientUserRemoved ? "CLIENT_USER_REMOVED " : "CLIENT_USER_REACTIVATED ")
        + fact.eventId() + " at " + fact.occurredAt()
        + " was ignored: a partner admin of partner " + partnerId + " sent it, and user " + userId
        + " was not that partner's employee then");
    return false;
  }

  /**
   * Section 6, "immediately": a {@code CLIENT_USER_REMOVED} that leaves no user on C's account (active
   * or deactivated) whose email is that of a current employee of P ends P's relationship with C. The
   * removed user must be one of P's people (its email is that of an employee P has added, current or
   * since removed from the partner): removing a client's own staff changes nothing for P.
   */
  private void removeUser(Fact removal, int u) {
    if (u < 0 || (userStatus[u] != ACTIVE && userStatus[u] != DEACTIVATED)) {
      return;
    }
    userStatus[u] = REMOVED;
    for (int r = 0; r < partners.length; r++) {
      if (isPartnersPerson(partners[r], userEmail[u]) && !hasEmployeeUser(partners[r])) {
        log.add(removal.occurredAt().toEpochMilli(), Op.ENDED, r);
      }
    }
  }

  /** The email is that of an employee P has added (current, or since removed from the partner). */
  private boolean isPartnersPerson(Partner r, String email) {
    for (int p = r.firstPair; p < r.endPair; p++) {
      if (email.equals(pairEmail[p])) {
        return true;
      }
    }
    return false;
  }

  private boolean hasEmployeeUser(Partner r) {
    for (int p = r.firstPair; p < r.endPair; p++) {
      if (pairEmployed[p] && isUser(pairEmail[p])) {
        return true;
      }
    }
    return false;
  }

  /** A user (active or deactivated) on the account has this email. */
  private boolean isUser(String email) {
    for (int u = 0; u < userIds.length; u++) {
      if ((userStatus[u] == ACTIVE || userStatus[u] == DEACTIVATED) && email.equals(userEmail[u])) {
        return true;
      }
    }
    return false;
  }

  // ---- Section 3: assignment ----

  /**
   * C is assigned to E when E is P's employee and either a {@code CLIENT_LINKED} is in force, or
   * (automatic) no unlink is in force, E's email domain is one of P's domains and E is a user on C.
   * The automatic assignment thus starts at the later of the employee and the user facts.
   */
  private boolean assigned(Partner r, int p) {
    if (!pairEmployed[p]) {
      return false;
    }
    return switch (pairLink[p]) {
      case LINKED -> true;
      case UNLINKED -> false;
      default -> r.domains.contains(pairDomain[p]) && isUser(pairEmail[p]);
    };
  }

  /** Re-derives assignment and, per user and employee, the first step that fails, after a fact at {@code at}. */
  private void recompute(long at) {
    int m = pairs.length;
    for (int r = 0; r < partners.length; r++) {
      Partner partner = partners[r];
      for (int p = partner.firstPair; p < partner.endPair; p++) {
        pairAssigned[p] = assigned(partner, p);
        if (pairAssigned[p] && !partner.everAssigned) {
          partner.everAssigned = true;
          log.add(at, Op.ASSIGNED, r);
        }
      }
    }
    for (int u = 0; u < userIds.length; u++) {
      int row = u * m;
      String email = userEmail[u];
      for (int p = 0; p < m; p++) {
        Step step;
        if (email == null || !email.equals(pairEmail[p])) {
          steps[row + p] = NO_MATCH;
          continue;
        } else if (!pairEmployed[p]) {
          step = Step.NOT_AN_EMPLOYEE;
        } else if (!pairAssigned[p]) {
          step = Step.NOT_ASSIGNED;
        } else if (userStatus[u] != ACTIVE) {
          step = Step.USER_NOT_ACTIVE;
        } else {
          step = Step.COUNTS;
        }
        steps[row + p] = (byte) step.ordinal();
      }
    }
  }

  private int user(long userId) {
    return Arrays.binarySearch(userIds, userId);
  }

  private int pair(long partnerId, long employeeId) {
    return Arrays.binarySearch(pairs, new EmployeeKey(partnerId, employeeId));
  }

  /** Reusable buffers of one evaluation (not thread-safe; one per {@code evaluate} call). */
  static final class Scratch {
    private int[] users = new int[256];
    private int[] epochs = new int[256];
    private int[] order = new int[256];

    int[] users(int n) {
      if (users.length < n) {
        users = new int[Integer.highestOneBit(n) * 2];
      }
      return users;
    }

    int[] epochs(int n) {
      if (epochs.length < n) {
        epochs = new int[Integer.highestOneBit(n) * 2];
      }
      return epochs;
    }

    int[] order(int n) {
      if (order.length < n) {
        order = new int[Integer.highestOneBit(n) * 2];
      }
      return order;
    }
  }
}
