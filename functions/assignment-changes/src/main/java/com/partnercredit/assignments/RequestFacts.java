package com.partnercredit.assignments;

import com.partnercredit.domain.Fact;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts a permission check may read during one request: those stored before it (each
 * partition read at most once per request, however many events ask) and those the request itself
 * has stored so far, which a read might not see yet (Query is eventually consistent).
 */
final class RequestFacts {
  private final FactStore store;
  private final Map<String, List<Fact>> read = new HashMap<>();
  private final Map<String, List<Fact>> stored = new HashMap<>();

  RequestFacts(FactStore store) {
    this.store = store;
  }

  /** A fact this request stored. */
  void add(Fact fact) {
    stored.computeIfAbsent(FactItems.partition(fact), k -> new ArrayList<>()).add(fact);
  }

  /** A partner's facts: its registrations, employees and deals. */
  List<Fact> partner(long partnerId) throws StorageUnavailable {
    String pk = Keys.partner(partnerId);
    if (!read.containsKey(pk)) {
      read.put(pk, store.partnerFacts(partnerId));
    }
    return merged(pk);
  }

  /** A client's account facts (users, subscription, links), without its activities. */
  List<Fact> clientAccount(long clientId) throws StorageUnavailable {
    String pk = Keys.client(clientId);
    if (!read.containsKey(pk)) {
      read.put(pk, store.clientAccountFacts(clientId));
    }
    return merged(pk);
  }

  private List<Fact> merged(String pk) {
    List<Fact> facts = new ArrayList<>(read.get(pk));
    facts.addAll(stored.getOrDefault(pk, List.of()));
    return facts;
  }
}
