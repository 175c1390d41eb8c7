package com.partnercredit.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.hubspot.ChangeEvent;
import com.partnercredit.hubspot.ChangeEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The permission table of docs/api.md section 3, rule by rule, allowed and rejected. */
class ChangePermissionsTest {
  private static final Map<String, Object> SYSTEM = Map.of("role", "SYSTEM");
  private static final Map<String, Object> ADMIN_111 = Map.of("role", "PARTNER_ADMIN", "partnerId", 111, "userId", 9);
  private static final Map<String, Object> ADMIN_112 = Map.of("role", "PARTNER_ADMIN", "partnerId", 112, "userId", 9);
  private static final Map<String, Object> CAM_111 = Map.of("role", "CAM_ACCESS", "partnerId", 111, "userId", 9);
  private static final Map<String, Object> CAM_112 = Map.of("role", "CAM_ACCESS", "partnerId", 112, "userId", 9);

  private static ChangeEvent by(Map<String, Object> actor, String type, Object... fields) throws Exception {
    Map<String, Object> json = ChangeEvents.event(type, fields);
    json.put("actor", actor);
    return ChangeEvent.parse(json);
  }

  private static Optional<String> check(Map<String, Object> actor, String type, Object... fields) throws Exception {
    return ChangePermissions.byActor(by(actor, type, fields));
  }

  @Test
  void accountSideFactsComeOnlyFromSystem() throws Exception {
    Map<String, Object[]> accountSide = Map.of(
        "PARTNER_REGISTERED", new Object[] {"partnerId", 111, "name", "P", "domains", List.of("p.com"), "growthMarket", false},
        "CLIENT_UPSERTED", new Object[] {"clientId", 3, "name", "C", "domain", "c.com", "currency", "USD"},
        "SUBSCRIPTION_CHANGED", new Object[] {"clientId", 3, "mrr", "1.00", "currency", "USD"},
        "CLIENT_USER_ADDED", new Object[] {"clientId", 3, "userId", 4, "email", "a@p.com"},
        "CLIENT_USER_DEACTIVATED", new Object[] {"clientId", 3, "userId", 4},
        "DEAL_SOLD", new Object[] {"partnerId", 111, "clientId", 3, "mrr", "1.00", "currency", "USD", "kind", "SOURCED"});
    for (var type : accountSide.entrySet()) {
      assertEquals(Optional.empty(), check(SYSTEM, type.getKey(), type.getValue()), type.getKey());
      assertEquals(Optional.of(type.getKey() + " requires SYSTEM"), check(ADMIN_111, type.getKey(), type.getValue()));
      assertEquals(Optional.of(type.getKey() + " requires SYSTEM"), check(CAM_111, type.getKey(), type.getValue()));
    }
  }

  @Test
  void onlyAPartnerAdminOfThatPartnerAddsOrRemovesEmployees() throws Exception {
    Object[] added = {"partnerId", 111, "employeeId", 901, "email", "alice@agency.com"};
    assertEquals(Optional.empty(), check(ADMIN_111, "EMPLOYEE_ADDED", added));
    assertEquals(Optional.of("EMPLOYEE_ADDED requires PARTNER_ADMIN of partner 111"), check(ADMIN_112, "EMPLOYEE_ADDED", added));
    assertEquals(Optional.of("EMPLOYEE_ADDED requires PARTNER_ADMIN of partner 111"), check(CAM_111, "EMPLOYEE_ADDED", added));
    assertEquals(Optional.of("EMPLOYEE_ADDED requires PARTNER_ADMIN of partner 111"), check(SYSTEM, "EMPLOYEE_ADDED", added));

    Object[] removed = {"partnerId", 111, "employeeId", 901};
    assertEquals(Optional.empty(), check(ADMIN_111, "EMPLOYEE_REMOVED", removed));
    assertEquals(Optional.of("EMPLOYEE_REMOVED requires PARTNER_ADMIN of partner 111"), check(ADMIN_112, "EMPLOYEE_REMOVED", removed));
    assertEquals(Optional.of("EMPLOYEE_REMOVED requires PARTNER_ADMIN of partner 111"), check(CAM_111, "EMPLOYEE_REMOVED", removed));
  }

  @Test
  void linkingNeedsAPartnerAdminOrClientAccessManagerOfThatPartner() throws Exception {
    for (String type : List.of("CLIENT_LINKED", "CLIENT_UNLINKED")) {
      Object[] link = {"partnerId", 111, "employeeId", 901, "clientId", 222};
      String rule = type + " requires PARTNER_ADMIN or CAM_ACCESS of partner 111";
      assertEquals(Optional.empty(), check(ADMIN_111, type, link));
      assertEquals(Optional.empty(), check(CAM_111, type, link));
      assertEquals(Optional.of(rule), check(ADMIN_112, type, link));
      assertEquals(Optional.of(rule), check(CAM_112, type, link));
      assertEquals(Optional.of(rule), check(SYSTEM, type, link));
    }
  }

  @Test
  void aClientUserIsRemovedBySystemOrAPartnerAdmin() throws Exception {
    Object[] removed = {"clientId", 222, "userId", 5};
    assertEquals(Optional.empty(), check(SYSTEM, "CLIENT_USER_REMOVED", removed));
    assertEquals(Optional.empty(), check(ADMIN_112, "CLIENT_USER_REMOVED", removed));
    assertEquals(Optional.of("CLIENT_USER_REMOVED requires SYSTEM or PARTNER_ADMIN"), check(CAM_111, "CLIENT_USER_REMOVED", removed));
  }

  @Test
  void reactivationNeedsAPartnerAdminAndThenTheFacts() throws Exception {
    Object[] reactivated = {"clientId", 222, "userId", 5};
    String rule = "CLIENT_USER_REACTIVATED requires PARTNER_ADMIN of the partner whose employee user 5 of client 222 is";
    assertEquals(Optional.of(rule), check(SYSTEM, "CLIENT_USER_REACTIVATED", reactivated));
    assertEquals(Optional.of(rule), check(CAM_111, "CLIENT_USER_REACTIVATED", reactivated));
    ChangeEvent byAdmin = by(ADMIN_111, "CLIENT_USER_REACTIVATED", reactivated);
    assertEquals(Optional.empty(), ChangePermissions.byActor(byAdmin));
    assertTrue(ChangePermissions.needsFacts(byAdmin));
    assertFalse(ChangePermissions.needsFacts(by(SYSTEM, "CLIENT_USER_REMOVED", reactivated)));

    Instant before = byAdmin.fact().occurredAt().minusSeconds(60);
    List<Fact> partner = List.of(new EmployeeAdded("a", before, 111, 901, "alice@agency.com"));
    List<Fact> client = List.of(new ClientUserAdded("u", before, 222, 5, "alice@agency.com"));
    assertEquals(Optional.empty(), ChangePermissions.partnerAdminRight(byAdmin, partner, client));
    assertEquals(Optional.of(rule + "; the facts known so far do not show user 5 as an employee of partner 111 at "
        + byAdmin.fact().occurredAt() + ". It is stored, and counts only once they do"),
        ChangePermissions.partnerAdminRight(byAdmin, List.of(), client));
  }

  @Test
  void removalByAPartnerAdminDependsOnWhoseEmployeeTheUserIs() throws Exception {
    Object[] removed = {"clientId", 222, "userId", 5};
    assertTrue(ChangePermissions.needsFacts(by(ADMIN_111, "CLIENT_USER_REMOVED", removed)));
    ChangeEvent byOtherAdmin = by(ADMIN_112, "CLIENT_USER_REMOVED", removed);
    Instant before = byOtherAdmin.fact().occurredAt().minusSeconds(60);
    List<Fact> partner111 = List.of(new EmployeeAdded("a", before, 111, 901, "alice@agency.com"));
    List<Fact> client = List.of(new ClientUserAdded("u", before, 222, 5, "alice@agency.com"));
    assertTrue(ChangePermissions.partnerAdminRight(byOtherAdmin, partner111, client).isPresent(),
        "partner 112's admin has no right over partner 111's employee");
  }
}
