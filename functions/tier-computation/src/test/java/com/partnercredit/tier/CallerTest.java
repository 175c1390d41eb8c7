package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerTest {
  @Test
  void aPartnerReadsItsOwnBreakdown() {
    assertTrue(Caller.fromClaims(Map.of("partner_id", "42")).mayRead(42));
  }

  @Test
  void aPartnerIdClaimIsReadTrimmed() {
    assertTrue(Caller.fromClaims(Map.of("partner_id", " 42 ")).mayRead(42));
  }

  @Test
  void aPartnerCannotReadAnothersBreakdown() {
    assertFalse(Caller.fromClaims(Map.of("partner_id", "42")).mayRead(43));
    assertFalse(Caller.fromClaims(Map.of("partner_id", "420")).mayRead(42));
  }

  @Test
  void theAdminScopeReadsAnyPartner() {
    assertTrue(Caller.fromClaims(Map.of("scope", "openid points:admin")).mayRead(43));
    assertTrue(Caller.fromClaims(Map.of("partner_id", "42", "scope", "points:admin")).mayRead(43));
  }

  @Test
  void theAdminScopeMayComeAsAJsonArrayClaim() {
    assertTrue(Caller.fromClaims(Map.of("scope", "[openid points:admin]")).mayRead(43));
  }

  @Test
  void onlyTheExactAdminScopeCounts() {
    assertFalse(Caller.fromClaims(Map.of("scope", "points:administrator points:read")).mayRead(43));
    assertFalse(Caller.fromClaims(Map.of("scope", "")).mayRead(43));
  }

  @Test
  void scopesAreSeparatedBySpacesOnlySoACommaJoinedTokenIsNotAdmin() {
    assertFalse(Caller.fromClaims(Map.of("scope", "read,points:admin")).isAdmin());
    assertFalse(Caller.fromClaims(Map.of("scope", "read,points:admin")).mayRead(43));
    assertFalse(Caller.fromClaims(Map.of("scope", "[read,points:admin]")).isAdmin());
    assertTrue(Caller.fromClaims(Map.of("scope", "read\tpoints:admin")).isAdmin());
  }

  @Test
  void aCallerWithoutClaimsReadsNothing() {
    assertFalse(Caller.fromClaims(null).mayRead(42));
    assertFalse(Caller.fromClaims(Map.of()).mayRead(42));
  }
}
