package com.partnercredit.publisher;

import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnersOnClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The partner side a shard worker evaluates its clients with: every partner's facts that client
 * evaluation reads (registrations and employees; sold deals only feed the partner's own sold points,
 * which the final step computes), and the partners' employee emails, which say which partners are on
 * which client without a gsi1 Query per email. The plan step reads every partner once and stores
 * this as the run's directory ({@link RunDirectory}); each worker reads it back.
 *
 * <p>A partner whose facts could not be read (bad data) is kept as failed, with the emails its items
 * mention, so that the clients it is on fail every partner sharing them.
 */
final class PartnerDirectory {
  private final Map<Long, List<Fact>> facts = new HashMap<>();
  private final Map<String, Set<Long>> partnersByEmail = new HashMap<>();
  private final SortedMap<Long, String> failed = new TreeMap<>();

  /** What client evaluation needs of a partner's facts: all but its sold deals. */
  static boolean neededForClients(Fact fact) {
    return !(fact instanceof DealSold);
  }

  /** Adds a partner with its facts (sold deals are left out). */
  void add(long partnerId, Collection<? extends Fact> own) {
    List<Fact> kept = new ArrayList<>(own.size());
    for (Fact fact : own) {
      if (neededForClients(fact)) {
        kept.add(fact);
        if (fact instanceof EmployeeAdded f) {
          employ(f.email(), partnerId);
        }
      }
    }
    facts.computeIfAbsent(partnerId, id -> new ArrayList<>()).addAll(kept);
  }

  /** A partner whose facts could not be read, with the emails its items mention. */
  void fail(long partnerId, String reason, Collection<String> emails) {
    failed.putIfAbsent(partnerId, reason);
    emails.forEach(email -> employ(email, partnerId));
  }

  private void employ(String email, long partnerId) {
    partnersByEmail.computeIfAbsent(email, e -> new TreeSet<>()).add(partnerId);
  }

  List<Fact> factsOf(long partnerId) {
    return facts.getOrDefault(partnerId, List.of());
  }

  /** The partners read (not failed), with their facts. */
  Map<Long, List<Fact>> partners() {
    return Collections.unmodifiableMap(facts);
  }

  /** The partners that failed, with the first reason. */
  SortedMap<Long, String> failed() {
    return Collections.unmodifiableSortedMap(failed);
  }

  /** The partners that ever had an employee with this email (read and failed ones alike), or null. */
  Set<Long> partnersOfEmail(String email) {
    return partnersByEmail.get(email);
  }

  /** The partners on a client ({@link PartnersOnClient}). */
  Set<Long> partnersOn(Collection<Fact> clientFacts) {
    return PartnersOnClient.of(clientFacts, this::partnersOfEmail);
  }

  /** The partners with an employee of one of these emails. */
  Set<Long> partnersWithEmails(Collection<String> emails) {
    Set<Long> partners = new TreeSet<>();
    emails.forEach(email -> partners.addAll(partnersByEmail.getOrDefault(email, Set.of())));
    return partners;
  }
}
