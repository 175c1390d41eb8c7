package com.partnercredit.assignments;

import static com.partnercredit.assignments.ChangeRequests.admin;
import static com.partnercredit.assignments.ChangeRequests.answer;
import static com.partnercredit.assignments.ChangeRequests.cam;
import static com.partnercredit.assignments.ChangeRequests.day;
import static com.partnercredit.assignments.ChangeRequests.event;
import static com.partnercredit.assignments.ChangeRequests.nextId;
import static com.partnercredit.assignments.ChangeRequests.send;
import static com.partnercredit.assignments.ChangeRequests.system;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Fact;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.testsupport.DynamoDbExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The permission table of docs/api.md section 3, each rule allowed and rejected, end to end
 * against the emulator: a rejected event is named with its rule and changes nothing.
 */
class AssignmentPermissionsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private AssignmentHandler handler;
  private FactStore facts;
  private long partner;
  private long otherPartner;
  private long client;
  private String alice;

  @BeforeEach
  void setUp() {
    handler = ChangeRequests.handler(DYNAMO.client(), DYNAMO.tableName());
    facts = new FactStore(DYNAMO.client(), DYNAMO.tableName(), ChangeRequests.CLOCK);
    partner = nextId();
    otherPartner = nextId();
    client = nextId();
    alice = "alice" + client + "@agency.com";
  }

  private String id(String name) {
    return name + "-" + client;
  }

  private Set<String> storedIds(List<Fact> stored) {
    return stored.stream().map(Fact::eventId).collect(Collectors.toSet());
  }

  private Set<String> partnerIds() throws StorageUnavailable {
    return storedIds(facts.partnerFacts(partner));
  }

  private Set<String> clientIds() throws StorageUnavailable {
    return storedIds(facts.clientFacts(client));
  }

  private static Map<String, String> rejected(String eventId, String reason) {
    Map<String, String> rejected = new LinkedHashMap<>();
    rejected.put(eventId, reason);
    return rejected;
  }

  private Map<String, Object> employeeAdded(String eventId, Map<String, Object> actor) {
    return event(eventId, "EMPLOYEE_ADDED", day(0), actor, "partnerId", partner, "employeeId", 901, "email", alice);
  }

  @Test
  void aPartnerAdminOfThatPartnerAddsAndRemovesEmployees() throws Exception {
    Map<String, Object> removed = event(id("removed"), "EMPLOYEE_REMOVED", day(5), admin(partner),
        "partnerId", partner, "employeeId", 901);

    assertEquals(answer(2, 0, Map.of()), send(handler, List.of(employeeAdded(id("added"), admin(partner)), removed)));
    assertEquals(Set.of(id("added"), id("removed")), partnerIds());
  }

  @Test
  void noOneElseAddsOrRemovesEmployees() throws Exception {
    String rule = "EMPLOYEE_ADDED requires PARTNER_ADMIN of partner " + partner;
    assertEquals(answer(0, 0, rejected(id("other"), rule)), send(handler, employeeAdded(id("other"), admin(otherPartner))));
    assertEquals(answer(0, 0, rejected(id("cam"), rule)), send(handler, employeeAdded(id("cam"), cam(partner))));
    assertEquals(answer(0, 0, rejected(id("sys"), rule)), send(handler, employeeAdded(id("sys"), system())));
    assertEquals(answer(0, 0, rejected(id("removed"), "EMPLOYEE_REMOVED requires PARTNER_ADMIN of partner " + partner)),
        send(handler, event(id("removed"), "EMPLOYEE_REMOVED", day(5), cam(partner), "partnerId", partner, "employeeId", 901)));
    assertTrue(partnerIds().isEmpty());
  }

  private List<Map<String, Object>> accountSide(String suffix, Map<String, Object> actor) {
    return List.of(
        event(id("registered" + suffix), "PARTNER_REGISTERED", day(0), actor,
            "partnerId", partner, "name", "Agency", "domains", List.of("agency.com"), "growthMarket", false),
        event(id("upserted" + suffix), "CLIENT_UPSERTED", day(0), actor,
            "clientId", client, "name", "Acme", "domain", "acme.com", "currency", "USD"),
        event(id("subscription" + suffix), "SUBSCRIPTION_CHANGED", day(0), actor, "clientId", client, "mrr", "1000.00", "currency", "USD"),
        event(id("user" + suffix), "CLIENT_USER_ADDED", day(1), actor, "clientId", client, "userId", 5, "email", alice),
        event(id("deactivated" + suffix), "CLIENT_USER_DEACTIVATED", day(2), actor, "clientId", client, "userId", 5),
        event(id("deal" + suffix), "DEAL_SOLD", day(3), actor,
            "partnerId", partner, "clientId", client, "mrr", "500.00", "currency", "USD", "kind", "SOURCED"));
  }

  @Test
  void accountSideFactsComeFromSystemOnly() throws Exception {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (Map<String, Object> event : accountSide("-admin", admin(partner))) {
      reasons.put((String) event.get("eventId"), event.get("type") + " requires SYSTEM");
    }
    assertEquals(answer(0, 0, reasons), send(handler, accountSide("-admin", admin(partner))));
    Map<String, String> camReasons = new LinkedHashMap<>();
    for (Map<String, Object> event : accountSide("-cam", cam(partner))) {
      camReasons.put((String) event.get("eventId"), event.get("type") + " requires SYSTEM");
    }
    assertEquals(answer(0, 0, camReasons), send(handler, accountSide("-cam", cam(partner))));

    assertEquals(answer(6, 0, Map.of()), send(handler, accountSide("", system())));
    assertEquals(Set.of(id("registered"), id("deal")), partnerIds());
    assertEquals(Set.of(id("upserted"), id("subscription"), id("user"), id("deactivated")), clientIds());
  }

  private Map<String, Object> link(String eventId, String type, Map<String, Object> actor) {
    return event(eventId, type, day(3), actor, "partnerId", partner, "employeeId", 901, "clientId", client);
  }

  @Test
  void aPartnerAdminOrClientAccessManagerOfThatPartnerLinksAndUnlinks() throws Exception {
    assertEquals(answer(4, 0, Map.of()), send(handler, List.of(
        link(id("linked-admin"), "CLIENT_LINKED", admin(partner)),
        link(id("linked-cam"), "CLIENT_LINKED", cam(partner)),
        link(id("unlinked-admin"), "CLIENT_UNLINKED", admin(partner)),
        link(id("unlinked-cam"), "CLIENT_UNLINKED", cam(partner)))));
    assertEquals(Set.of(id("linked-admin"), id("linked-cam"), id("unlinked-admin"), id("unlinked-cam")), clientIds());
    assertEquals(Set.of(client), facts.clientsOf(partner, List.of()));
  }

  @Test
  void noOneElseLinksOrUnlinks() throws Exception {
    Map<String, String> reasons = new LinkedHashMap<>();
    reasons.put(id("linked-other"), "CLIENT_LINKED requires PARTNER_ADMIN or CAM_ACCESS of partner " + partner);
    reasons.put(id("linked-system"), "CLIENT_LINKED requires PARTNER_ADMIN or CAM_ACCESS of partner " + partner);
    reasons.put(id("unlinked-other"), "CLIENT_UNLINKED requires PARTNER_ADMIN or CAM_ACCESS of partner " + partner);

    assertEquals(answer(0, 0, reasons), send(handler, List.of(
        link(id("linked-other"), "CLIENT_LINKED", cam(otherPartner)),
        link(id("linked-system"), "CLIENT_LINKED", system()),
        link(id("unlinked-other"), "CLIENT_UNLINKED", admin(otherPartner)))));
    assertTrue(clientIds().isEmpty());
    assertTrue(facts.clientsOf(partner, List.of()).isEmpty());
  }

  private Map<String, Object> removed(String eventId, Map<String, Object> actor) {
    return event(eventId, "CLIENT_USER_REMOVED", day(9), actor, "clientId", client, "userId", 5);
  }

  @Test
  void aClientUserIsRemovedBySystemOrAPartnerAdminOnly() throws Exception {
    Map<String, Object> answer = send(handler, List.of(removed(id("by-system"), system()),
        removed(id("by-admin"), admin(partner)), removed(id("by-cam"), cam(partner))));

    assertEquals(2, answer.get("accepted"));
    assertEquals(answer(2, 0, rejected(id("by-cam"), "CLIENT_USER_REMOVED requires SYSTEM or PARTNER_ADMIN"))
        .get("rejected"), answer.get("rejected"));
    // user 5 is not known as the admin's employee yet: stored, and the engine decides on all facts
    assertEquals(List.of(id("by-admin")), ChangeRequests.deferredIds(answer));
    assertEquals(Set.of(id("by-system"), id("by-admin")), clientIds());
  }

  @Test
  void aRemovalByThePartnerAdminOfTheUsersPartnerIsNotDeferred() throws Exception {
    send(handler, List.of(employeeAdded(id("employee"), admin(partner)), userAdded()));

    Map<String, Object> answer = send(handler, removed(id("by-admin"), admin(partner)));

    assertEquals(1, answer.get("accepted"));
    assertEquals(List.of(), ChangeRequests.deferredIds(answer));
  }

  private Map<String, Object> reactivated(String eventId, Map<String, Object> actor) {
    return event(eventId, "CLIENT_USER_REACTIVATED", day(10), actor, "clientId", client, "userId", 5);
  }

  private Map<String, Object> userAdded() {
    return event(id("user"), "CLIENT_USER_ADDED", day(1), system(), "clientId", client, "userId", 5, "email", alice);
  }

  @Test
  void thePartnerAdminOfTheUsersPartnerReactivatesWithFactsStoredEarlier() throws Exception {
    send(handler, List.of(employeeAdded(id("employee"), admin(partner)), userAdded()));

    assertEquals(answer(1, 0, Map.of()), send(handler, reactivated(id("reactivated"), admin(partner))));
    assertTrue(clientIds().contains(id("reactivated")));
  }

  @Test
  void aReactivationCountsEmployeesAddedInTheSameRequestWhateverTheirPlaceInIt() throws Exception {
    assertEquals(answer(3, 0, Map.of()), send(handler, List.of(
        reactivated(id("reactivated"), admin(partner)), userAdded(), employeeAdded(id("employee"), admin(partner)))));
    assertTrue(clientIds().contains(id("reactivated")));
  }

  @Test
  void noOneElseReactivatesAndAnotherPartnersAdminIsDeferredToTheEngine() throws Exception {
    send(handler, List.of(employeeAdded(id("employee"), admin(partner)), userAdded()));
    String rule = "CLIENT_USER_REACTIVATED requires PARTNER_ADMIN of the partner whose employee user 5 of client "
        + client + " is";
    Map<String, String> reasons = new LinkedHashMap<>();
    reasons.put(id("by-cam"), rule);
    reasons.put(id("by-system"), rule);

    Map<String, Object> answer = send(handler, List.of(
        reactivated(id("by-other-admin"), admin(otherPartner)), reactivated(id("by-cam"), cam(partner)),
        reactivated(id("by-system"), system())));

    assertEquals(1, answer.get("accepted"));
    assertEquals(answer(1, 0, reasons).get("rejected"), answer.get("rejected"));
    assertEquals(List.of(id("by-other-admin")), ChangeRequests.deferredIds(answer));
    assertEquals(Set.of(id("user"), id("by-other-admin")), clientIds());
  }

  @Test
  void aReplayWithOtherContentGivesNoRightToReactivate() throws Exception {
    Map<String, Object> userWithOtherEmail = new LinkedHashMap<>(userAdded());
    userWithOtherEmail.put("email", "someone" + client + "@acme.com");
    send(handler, List.of(employeeAdded(id("employee"), admin(partner)), userWithOtherEmail));

    Map<String, Object> answer = send(handler, List.of(userAdded(), reactivated(id("reactivated"), admin(partner))));

    assertEquals(1, answer.get("accepted"));
    assertEquals(1, answer.get("duplicates"));
    assertEquals(List.of(id("reactivated")), ChangeRequests.deferredIds(answer));
  }

  @Test
  void aReactivationOfAUserWhoIsNoEmployeeAtItsTimeIsDeferred() throws Exception {
    send(handler, List.of(employeeAdded(id("employee"), admin(partner)), userAdded(),
        event(id("employee-removed"), "EMPLOYEE_REMOVED", day(8), admin(partner), "partnerId", partner, "employeeId", 901)));

    Map<String, Object> answer = send(handler, reactivated(id("reactivated"), admin(partner)));

    assertEquals(1, answer.get("accepted"));
    assertEquals(List.of(id("reactivated")), ChangeRequests.deferredIds(answer));
  }
}
