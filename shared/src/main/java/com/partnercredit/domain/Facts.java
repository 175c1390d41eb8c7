package com.partnercredit.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of facts, indexed by client and by partner for {@link CreditEngine#evaluate}. Build it from
 * whatever the store returns, in any order, with repeats: {@code Facts.of(list)}.
 *
 * <p>To evaluate a partner, give it the facts of that partner, of its clients, and of the other
 * partners' employees on those clients (they share the client's MRR, section 7).
 */
public final class Facts {

  final Map<Long, ClientFacts> clients = new HashMap<>();
  final Map<Long, PartnerFacts> partners = new HashMap<>();
  /** Every (partner, employee) that ever had this email. */
  final Map<String, List<EmployeeKey>> employeesByEmail = new HashMap<>();
  private int size;

  private Facts() {}

  public static Facts of(Iterable<? extends Fact> facts) {
    Facts index = new Facts();
    ClientFacts lastClient = null; // activities usually come grouped by client
    for (Fact fact : facts) {
      index.size++;
      if (fact instanceof Activity a) {
        if (!a.qualifying()) {
          continue; // section 4: never counts, so it changes nothing, not even which clients are known
        }
        if (lastClient == null || lastClient.clientId != a.clientId()) {
          lastClient = index.client(a.clientId());
        }
        lastClient.add(a);
      } else {
        index.add(fact);
      }
    }
    index.employeesByEmail.replaceAll((email, keys) -> keys.stream().distinct().sorted().toList());
    int[] table = new int[0];
    for (ClientFacts client : index.clients.values()) {
      table = client.seal(table);
    }
    return index;
  }

  public static Facts of(Fact... facts) {
    return of(Arrays.asList(facts));
  }

  /** How many facts were given, repeats included. */
  public int size() {
    return size;
  }

  private void add(Fact fact) {
    if (fact instanceof PartnerRegistered f) {
      partner(f.partnerId(), f).registrations.add(f);
    } else if (fact instanceof EmployeeAdded f) {
      partner(f.partnerId(), f).employee(f.employeeId()).add(f);
      employeesByEmail.computeIfAbsent(f.email(), e -> new ArrayList<>())
          .add(new EmployeeKey(f.partnerId(), f.employeeId()));
    } else if (fact instanceof EmployeeRemoved f) {
      partner(f.partnerId(), f).employee(f.employeeId()).add(f);
    } else if (fact instanceof ClientUpserted f) {
      client(f.clientId()).seen(f).upserts.add(f);
    } else if (fact instanceof SubscriptionChanged f) {
      client(f.clientId()).seen(f).subscriptions.add(f);
    } else if (fact instanceof ClientUserAdded f) {
      client(f.clientId()).seen(f).account.add(f);
    } else if (fact instanceof ClientUserDeactivated f) {
      client(f.clientId()).seen(f).account.add(f);
    } else if (fact instanceof ClientUserReactivated f) {
      client(f.clientId()).seen(f).account.add(f);
    } else if (fact instanceof ClientUserRemoved f) {
      client(f.clientId()).seen(f).account.add(f);
    } else if (fact instanceof ClientLinked f) {
      client(f.clientId()).seen(f).account.add(f);
      partner(f.partnerId(), f);
    } else if (fact instanceof ClientUnlinked f) {
      client(f.clientId()).seen(f).account.add(f);
      partner(f.partnerId(), f);
    } else if (fact instanceof DealSold f) {
      partner(f.partnerId(), f).deals.add(f);
    } else {
      throw new IllegalArgumentException("unknown fact " + fact.getClass());
    }
  }

  private ClientFacts client(long clientId) {
    return clients.computeIfAbsent(clientId, ClientFacts::new);
  }

  private PartnerFacts partner(long partnerId, Fact fact) {
    PartnerFacts p = partners.get(partnerId);
    if (p == null) {
      p = new PartnerFacts(partnerId, partners.size());
      partners.put(partnerId, p);
    }
    p.firstSeenMillis = Math.min(p.firstSeenMillis, fact.occurredAt().toEpochMilli());
    return p;
  }

  /** A partner employee's identity. */
  record EmployeeKey(long partnerId, long employeeId) implements Comparable<EmployeeKey> {
    @Override
    public int compareTo(EmployeeKey o) {
      int c = Long.compare(partnerId, o.partnerId);
      return c != 0 ? c : Long.compare(employeeId, o.employeeId);
    }
  }

  /** The facts about one client account. */
  static final class ClientFacts {
    final long clientId;
    long firstSeenMillis = Long.MAX_VALUE;
    final List<ClientUpserted> upserts = new ArrayList<>(1);
    final List<SubscriptionChanged> subscriptions = new ArrayList<>(2);
    /** Client users added/deactivated/reactivated/removed, links and unlinks. */
    final List<Fact> account = new ArrayList<>();
    /**
     * The client's qualifying activities, each distinct activity once (after {@link #seal}); their
     * times and users are also kept in primitive arrays, which is all that the timeline reads.
     */
    Activity[] activities = new Activity[16];
    long[] activityMillis;
    long[] activityUser;
    int activityCount;

    ClientFacts(long clientId) {
      this.clientId = clientId;
    }

    ClientFacts seen(Fact fact) {
      firstSeenMillis = Math.min(firstSeenMillis, fact.occurredAt().toEpochMilli());
      return this;
    }

    void add(Activity activity) {
      if (activityCount == activities.length) {
        activities = Arrays.copyOf(activities, activityCount * 2);
      }
      activities[activityCount++] = activity;
    }

    /**
     * Fills the primitive arrays and keeps each distinct activity once ("a fact delivered twice counts
     * once"). Repeats have the same time and user, so those are hashed and the records compared only
     * when they match. Returns the (possibly grown) hash table, for reuse with the next client.
     */
    int[] seal(int[] table) {
      int n = activityCount;
      activityMillis = new long[n];
      activityUser = new long[n];
      int size = Integer.highestOneBit(Math.max(n, 1) * 2) * 2;
      if (table.length < size) {
        table = new int[size];
      }
      Arrays.fill(table, 0, size, -1);
      int mask = size - 1;
      int kept = 0;
      for (int i = 0; i < n; i++) {
        Activity activity = activities[i];
        long millis = activity.occurredAt().toEpochMilli();
        long user = activity.userId();
        long h = (millis * 0x9E3779B97F4A7C15L + user) * 0xBF58476D1CE4E5B9L;
        int slot = (int) (h >>> 40) & mask;
        boolean repeat = false;
        for (int j; (j = table[slot]) >= 0; slot = (slot + 1) & mask) {
          if (activityMillis[j] == millis && activityUser[j] == user && activities[j].equals(activity)) {
            repeat = true;
            break;
          }
        }
        if (!repeat) {
          activities[kept] = activity;
          activityMillis[kept] = millis;
          activityUser[kept] = user;
          table[slot] = kept++;
          firstSeenMillis = Math.min(firstSeenMillis, millis);
        }
      }
      Arrays.fill(activities, kept, n, null);
      activityCount = kept;
      return table;
    }
  }

  /** The facts about one partner: registrations, employees, sold deals. */
  static final class PartnerFacts {
    final long partnerId;
    /** 0, 1, 2, ... in the order partners were first met: an index for per-partner arrays. */
    final int ordinal;
    long firstSeenMillis = Long.MAX_VALUE;
    final List<PartnerRegistered> registrations = new ArrayList<>(1);
    final Map<Long, List<Fact>> employees = new HashMap<>();
    final List<DealSold> deals = new ArrayList<>();

    PartnerFacts(long partnerId, int ordinal) {
      this.partnerId = partnerId;
      this.ordinal = ordinal;
    }

    List<Fact> employee(long employeeId) {
      return employees.computeIfAbsent(employeeId, e -> new ArrayList<>(2));
    }

    /** Every fact about the partner's employees (added, removed), in no particular order. */
    List<Fact> employeeFacts() {
      List<Fact> all = new ArrayList<>();
      employees.values().forEach(all::addAll);
      return all;
    }

    /** The registration in force at {@code t}, or null. */
    PartnerRegistered registrationAt(long t) {
      return FactOrder.latestAtOrBefore(registrations, t);
    }
  }
}
