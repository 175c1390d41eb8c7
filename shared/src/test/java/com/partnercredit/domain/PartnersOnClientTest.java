package com.partnercredit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Section 3: who meets a client account, and whose activities on it can count. */
class PartnersOnClientTest {
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
  private static final Map<String, Set<Long>> EMPLOYEES = Map.of(
      "alice@agency.com", Set.of(111L), "carol@free.io", Set.of(111L, 222L), "former@agency.com", Set.of());

  @Test
  void aUserCanEarnOnlyWithAnEmailSomePartnerEmployeeHad() {
    List<Fact> account = List.of(
        new ClientUserAdded("u1", T, 7, 1, "Alice@Agency.com"),
        new ClientUserAdded("u2", T, 7, 2, "staff@client.com"),
        new ClientUserAdded("u3", T, 8, 3, "carol@free.io"),
        new ClientUserAdded("u4", T, 8, 4, "former@agency.com"));

    assertEquals(Map.of(7L, Set.of(1L), 8L, Set.of(3L)), PartnersOnClient.employeeUsers(account, EMPLOYEES::get));
  }

  @Test
  void aStaffUserReAddedWithAnEmployeesEmailCanEarn() {
    List<Fact> account = List.of(
        new ClientUserAdded("u1", T, 7, 5, "staff@client.com"),
        new ClientUserRemoved("r1", T.plusSeconds(60), 7, 5),
        new ClientUserAdded("u2", T.plusSeconds(120), 7, 5, "alice@agency.com"));

    assertEquals(Map.of(7L, Set.of(5L)), PartnersOnClient.employeeUsers(account, EMPLOYEES::get));
  }
}
