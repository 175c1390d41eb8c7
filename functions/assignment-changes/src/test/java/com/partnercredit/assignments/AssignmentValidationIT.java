package com.partnercredit.assignments;

import static com.partnercredit.assignments.ChangeRequests.admin;
import static com.partnercredit.assignments.ChangeRequests.answer;
import static com.partnercredit.assignments.ChangeRequests.day;
import static com.partnercredit.assignments.ChangeRequests.event;
import static com.partnercredit.assignments.ChangeRequests.nextId;
import static com.partnercredit.assignments.ChangeRequests.send;
import static com.partnercredit.assignments.ChangeRequests.system;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partnercredit.domain.Fact;
import com.partnercredit.store.Attr;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.testsupport.DynamoDbExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each validation rejection of docs/api.md section 3 in one request next to valid events: the
 * bad events are named with their reasons and kept as dead letters; the good ones are stored.
 */
class AssignmentValidationIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  @Test
  void everyBadEventIsRejectedWithItsReasonAndTheOthersAreStored() throws Exception {
    AssignmentHandler handler = ChangeRequests.handler(DYNAMO.client(), DYNAMO.tableName());
    long partner = nextId();
    long client = nextId();
    Map<String, Object> noActor = event("no-actor-" + client, "CLIENT_USER_REMOVED", day(1), system(),
        "clientId", client, "userId", 5);
    noActor.remove("actor");
    Map<String, Object> noEventId = event("x", "CLIENT_USER_REMOVED", day(1), system(), "clientId", client, "userId", 5);
    noEventId.remove("eventId");
    Map<String, Object> noTime = event("no-time-" + client, "CLIENT_USER_REMOVED", day(1), system(),
        "clientId", client, "userId", 5);
    noTime.remove("occurredAt");

    Map<String, String> reasons = new LinkedHashMap<>();
    List<Map<String, Object>> events = List.of(
        event("good-user-" + client, "CLIENT_USER_ADDED", day(1), system(), "clientId", client, "userId", 5, "email", "a@acme.com"),
        event("unknown-" + client, "EMPLOYEE_PROMOTED", day(1), system(), "partnerId", partner),
        event("missing-" + client, "CLIENT_USER_DEACTIVATED", day(1), system(), "clientId", client),
        event("email-" + client, "CLIENT_USER_ADDED", day(1), system(), "clientId", client, "userId", 6, "email", "bob.acme.com"),
        event("currency-" + client, "SUBSCRIPTION_CHANGED", day(1), system(), "clientId", client, "mrr", "10.00", "currency", "XYZ"),
        event("decimals-" + client, "SUBSCRIPTION_CHANGED", day(1), system(), "clientId", client, "mrr", "10.001", "currency", "USD"),
        event("yen-" + client, "DEAL_SOLD", day(1), system(),
            "partnerId", partner, "clientId", client, "mrr", "100.5", "currency", "JPY", "kind", "SOURCED"),
        event("negative-" + client, "SUBSCRIPTION_CHANGED", day(1), system(), "clientId", client, "mrr", "-5.00", "currency", "USD"),
        event("kind-" + client, "DEAL_SOLD", day(1), system(),
            "partnerId", partner, "clientId", client, "mrr", "100.00", "currency", "USD", "kind", "REFERRED"),
        noActor,
        event("role-" + client, "CLIENT_USER_REMOVED", day(1), Map.of("role", "OWNER", "partnerId", partner, "userId", 1),
            "clientId", client, "userId", 5),
        event("actor-ids-" + client, "CLIENT_LINKED", day(1), Map.of("role", "CAM_ACCESS"),
            "partnerId", partner, "employeeId", 901, "clientId", client),
        noEventId,
        noTime,
        event("good-subscription-" + client, "SUBSCRIPTION_CHANGED", day(2), system(),
            "clientId", client, "mrr", "1000.00", "currency", "USD"),
        event("good-link-" + client, "CLIENT_LINKED", day(2), admin(partner),
            "partnerId", partner, "employeeId", 901, "clientId", client));
    reasons.put("unknown-" + client, "unknown type 'EMPLOYEE_PROMOTED': expected one of PARTNER_REGISTERED, EMPLOYEE_ADDED, "
        + "EMPLOYEE_REMOVED, CLIENT_UPSERTED, SUBSCRIPTION_CHANGED, CLIENT_USER_ADDED, CLIENT_USER_DEACTIVATED, "
        + "CLIENT_USER_REACTIVATED, CLIENT_USER_REMOVED, CLIENT_LINKED, CLIENT_UNLINKED, DEAL_SOLD");
    reasons.put("missing-" + client, "missing userId");
    reasons.put("email-" + client, "email 'bob.acme.com' is not an email address");
    reasons.put("currency-" + client, "currency 'XYZ' is not an ISO 4217 currency code");
    reasons.put("decimals-" + client, "mrr 10.001 has more decimals than USD allows (2)");
    reasons.put("yen-" + client, "mrr 100.5 has more decimals than JPY allows (0)");
    reasons.put("negative-" + client, "mrr -5.00 must not be negative");
    reasons.put("kind-" + client, "kind 'REFERRED' must be SOURCED or ASSISTED");
    reasons.put("no-actor-" + client, "missing actor");
    reasons.put("role-" + client, "actor.role 'OWNER' must be PARTNER_ADMIN, CAM_ACCESS or SYSTEM");
    reasons.put("actor-ids-" + client, "missing actor.partnerId");
    Map<String, Object> expected = answer(3, 0, reasons);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rejected = (List<Map<String, Object>>) expected.get("rejected");
    List<Map<String, Object>> all = new ArrayList<>(rejected);
    Map<String, Object> missingId = new LinkedHashMap<>();
    missingId.put("eventId", null);
    missingId.put("reason", "missing eventId");
    all.add(missingId);
    all.add(Map.of("eventId", "no-time-" + client, "reason", "missing occurredAt"));
    expected.put("rejected", all);

    assertEquals(expected, send(handler, events));

    FactStore facts = new FactStore(DYNAMO.client(), DYNAMO.tableName(), ChangeRequests.CLOCK);
    assertEquals(Set.of("good-user-" + client, "good-subscription-" + client, "good-link-" + client),
        facts.clientFacts(client).stream().map(Fact::eventId).collect(Collectors.toSet()));
    assertEquals(List.of(), facts.partnerFacts(partner));
    List<Map<String, AttributeValue>> deadLetters = DYNAMO.client().query(r -> r.tableName(DYNAMO.tableName())
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(
            Keys.deadLetters(AssignmentChanges.ROUTE, ChangeRequests.NOW.toString().substring(0, 10)))))).items();
    Set<String> deadLetterReasons = deadLetters.stream().map(d -> d.get(Attr.REASON).s()).collect(Collectors.toSet());
    assertEquals(13, deadLetters.size(), deadLetterReasons.toString());
    assertEquals(true, deadLetterReasons.contains("mrr 10.001 has more decimals than USD allows (2)"));
  }
}
