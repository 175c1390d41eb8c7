package com.partnercredit.publisher;

import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnersOnClient;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every partner's own facts (registrations, employees, deals), read once per run, one Query per
 * partner listed through gsi2, and the partners' employee emails, which say which partners are on
 * which client without a gsi1 Query per email. The partner side is small; it stays in memory for
 * the run.
 */
final class PartnerDirectory {
  private final SortedMap<Long, List<Fact>> facts = new TreeMap<>();
  private final Map<String, Set<Long>> partnersByEmail = new HashMap<>();

  private PartnerDirectory() {}

  /**
   * Reads every partner. A partner whose facts cannot be read fails; its employees' emails, read as
   * plain attributes, still say which clients it is on, so that their other partners fail too.
   */
  static PartnerDirectory read(FactStore store, PartitionMentions mentions, Failures failures)
      throws StorageUnavailable {
    PartnerDirectory directory = new PartnerDirectory();
    List<Long> ids = new ArrayList<>();
    store.forEachPartner(ids::add);
    ids.sort(null);
    for (long id : ids) {
      List<Fact> own;
      try {
        own = store.partnerFacts(id);
      } catch (RuntimeException bad) {
        failures.fail(id, "its facts could not be read: " + bad);
        mentions.of(Keys.partner(id)).emails().forEach(email -> directory.employ(email, id));
        continue;
      }
      directory.facts.put(id, own);
      for (Fact fact : own) {
        if (fact instanceof EmployeeAdded f) {
          directory.employ(f.email(), id);
        }
      }
    }
    return directory;
  }

  private void employ(String email, long partnerId) {
    partnersByEmail.computeIfAbsent(email, e -> new TreeSet<>()).add(partnerId);
  }

  /** The partners read, in ascending id, with their own facts. */
  SortedMap<Long, List<Fact>> partners() {
    return facts;
  }

  List<Fact> factsOf(long partnerId) {
    return facts.getOrDefault(partnerId, List.of());
  }

  /** The partners on a client ({@link PartnersOnClient}). */
  Set<Long> partnersOn(Collection<Fact> clientFacts) {
    return PartnersOnClient.of(clientFacts, partnersByEmail::get);
  }

  /** The partners with an employee of one of these emails. */
  Set<Long> partnersWithEmails(Collection<String> emails) {
    Set<Long> partners = new TreeSet<>();
    emails.forEach(email -> partners.addAll(partnersByEmail.getOrDefault(email, Set.of())));
    return partners;
  }
}
