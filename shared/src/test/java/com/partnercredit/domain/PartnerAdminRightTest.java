package com.partnercredit.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose employee a reactivated client user is, at the reactivation's time. */
class PartnerAdminRightTest {
  private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");
  private static final long PARTNER = 111;
  private static final ClientUserReactivated REACTIVATED = new ClientUserReactivated("r", T, 222, 5);

  private static Instant at(long seconds) {
    return T.plusSeconds(seconds);
  }

  private static ClientUserAdded user(String email, long seconds) {
    return new ClientUserAdded("u" + seconds, at(seconds), 222, 5, email);
  }

  private static EmployeeAdded employee(long partner, String email, long seconds) {
    return new EmployeeAdded("e" + partner + seconds, at(seconds), partner, 901, email);
  }

  private static boolean allows(List<Fact> partnerFacts, List<Fact> clientFacts) {
    return PartnerAdminRight.allows(PARTNER, REACTIVATED.clientId(), REACTIVATED.userId(), REACTIVATED.occurredAt(),
        partnerFacts, clientFacts);
  }

  @Test
  void anEmployeeOfThePartnerWithTheUsersEmailGivesTheRight() {
    assertTrue(allows(List.of(employee(PARTNER, "alice@agency.com", -10)), List.of(user("Alice@agency.com", -5))));
  }

  @Test
  void anotherPartnersEmployeeOrAnotherEmailDoesNot() {
    assertFalse(allows(List.of(employee(112, "alice@agency.com", -10)), List.of(user("alice@agency.com", -5))));
    assertFalse(allows(List.of(employee(PARTNER, "bob@agency.com", -10)), List.of(user("alice@agency.com", -5))));
    assertFalse(allows(List.of(employee(PARTNER, "alice@agency.com", -10)), List.of()));
  }

  @Test
  void onlyFactsAtOrBeforeTheReactivationCount() {
    assertFalse(allows(List.of(employee(PARTNER, "alice@agency.com", 10)), List.of(user("alice@agency.com", -5))));
    assertFalse(allows(List.of(employee(PARTNER, "alice@agency.com", -10)), List.of(user("alice@agency.com", 5))));
    assertTrue(allows(List.of(employee(PARTNER, "alice@agency.com", 0)), List.of(user("alice@agency.com", 0))));
  }

  @Test
  void theUsersLatestEmailBeforeTheReactivationIsTheOne() {
    List<Fact> partner = List.of(employee(PARTNER, "alice@agency.com", -100));
    assertFalse(allows(partner, List.of(user("alice@agency.com", -50), user("alice@home.org", -20))));
    assertTrue(allows(partner, List.of(user("alice@home.org", -50), user("alice@agency.com", -20), user("x@y.org", 20))));
  }

  @Test
  void aRemovedEmployeeGivesNoRightUntilAddedAgain() {
    EmployeeRemoved removed = new EmployeeRemoved("x", at(-5), PARTNER, 901);
    List<Fact> client = List.of(user("alice@agency.com", -50));
    assertFalse(allows(List.of(employee(PARTNER, "alice@agency.com", -10), removed), client));
    assertTrue(allows(List.of(employee(PARTNER, "alice@agency.com", -10), removed, employee(PARTNER, "alice@agency.com", -1)), client));
  }

  @Test
  void aRemovalAtTheSameInstantAppliesAfterTheReactivation() {
    List<Fact> client = List.of(user("alice@agency.com", -50));
    assertTrue(allows(List.of(employee(PARTNER, "alice@agency.com", -10), new EmployeeRemoved("x", T, PARTNER, 901)), client));
    // added and removed at the same earlier instant: the removal applies last
    assertFalse(allows(List.of(employee(PARTNER, "alice@agency.com", -10), new EmployeeRemoved("x", at(-10), PARTNER, 901)), client));
  }

  @Test
  void theOrderOfTheFactsDoesNotMatter() {
    List<Fact> partner = new ArrayList<>(List.of(
        employee(PARTNER, "alice@agency.com", -10), new EmployeeRemoved("x", at(-5), PARTNER, 901),
        employee(PARTNER, "alice@agency.com", -1)));
    List<Fact> client = new ArrayList<>(List.of(user("alice@home.org", -50), user("alice@agency.com", -20)));
    for (int i = 0; i < 6; i++) {
      Collections.rotate(partner, 1);
      Collections.reverse(client);
      assertTrue(allows(partner, client));
    }
  }
}
