package com.partnercredit.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.SubscriptionChanged;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Validation of change events (docs/api.md section 3): every rejection says what is wrong. */
class ChangeEventTest {
  private static final long AT = ChangeEvents.AT;

  static Map<String, Object> event(String type, Object... fields) {
    return ChangeEvents.event(type, fields);
  }

  private static String reason(Map<String, Object> json) {
    return assertThrows(ChangeEvent.Invalid.class, () -> ChangeEvent.parse(json)).getMessage();
  }

  private static Map<String, Object> subscription(String mrr, String currency) {
    return event("SUBSCRIPTION_CHANGED", "clientId", 222, "mrr", mrr, "currency", currency);
  }

  @Test
  void readsEveryFieldOfAPartnerRegistration() throws Exception {
    ChangeEvent event = ChangeEvent.parse(event("PARTNER_REGISTERED",
        "partnerId", 111, "name", "Agency", "domains", List.of("Agency.com", "agency.io"), "growthMarket", true));

    assertEquals(ChangeType.PARTNER_REGISTERED, event.type());
    assertEquals(new PartnerRegistered("e1", Instant.ofEpochMilli(AT), 111, "Agency", List.of("agency.com", "agency.io"), true),
        event.fact());
    assertEquals("SYSTEM::", event.actor().audit());
  }

  @Test
  void readsAPartnerAdminActorWithBothIds() throws Exception {
    Map<String, Object> json = event("EMPLOYEE_ADDED", "partnerId", 111, "employeeId", 901, "email", " Alice@Agency.com ");
    json.put("actor", Map.of("partnerId", 111, "userId", 7, "role", "PARTNER_ADMIN"));

    ChangeEvent event = ChangeEvent.parse(json);

    assertEquals(new Actor(Actor.Role.PARTNER_ADMIN, OptionalLong.of(111), OptionalLong.of(7)), event.actor());
    assertEquals("PARTNER_ADMIN:111:7", event.actor().audit());
    assertEquals(new EmployeeAdded("e1", Instant.ofEpochMilli(AT), 111, 901, "alice@agency.com"), event.fact());
  }

  @Test
  void readsMoneyInTheCurrencysMinorUnits() throws Exception {
    assertEquals(new SubscriptionChanged("e1", Instant.ofEpochMilli(AT), 222, Money.of("1000.00", "USD")),
        ChangeEvent.parse(subscription("1000", "USD")).fact());
    assertEquals(Money.of("5000", "JPY"), ((SubscriptionChanged) ChangeEvent.parse(subscription("5000.00", "JPY")).fact()).mrr());
    DealSold deal = (DealSold) ChangeEvent.parse(event("DEAL_SOLD",
        "partnerId", 111, "clientId", 222, "mrr", "12.5", "currency", "EUR", "kind", "ASSISTED")).fact();
    assertEquals(Money.of(new BigDecimal("12.50"), java.util.Currency.getInstance("EUR")), deal.mrr());
    assertEquals(DealKind.ASSISTED, deal.kind());
  }

  @Test
  void acceptsEveryTypeOfTheContract() throws Exception {
    List<Map<String, Object>> all = List.of(
        event("PARTNER_REGISTERED", "partnerId", 1, "name", "P", "domains", List.of("p.com"), "growthMarket", false),
        event("EMPLOYEE_ADDED", "partnerId", 1, "employeeId", 2, "email", "a@p.com"),
        event("EMPLOYEE_REMOVED", "partnerId", 1, "employeeId", 2),
        event("CLIENT_UPSERTED", "clientId", 3, "name", "C", "domain", "c.com", "currency", "USD"),
        subscription("1.00", "USD"),
        event("CLIENT_USER_ADDED", "clientId", 3, "userId", 4, "email", "a@p.com"),
        event("CLIENT_USER_DEACTIVATED", "clientId", 3, "userId", 4),
        event("CLIENT_USER_REACTIVATED", "clientId", 3, "userId", 4),
        event("CLIENT_USER_REMOVED", "clientId", 3, "userId", 4),
        event("CLIENT_LINKED", "partnerId", 1, "employeeId", 2, "clientId", 3),
        event("CLIENT_UNLINKED", "partnerId", 1, "employeeId", 2, "clientId", 3),
        event("DEAL_SOLD", "partnerId", 1, "clientId", 3, "mrr", "1.00", "currency", "USD", "kind", "SOURCED"));
    for (Map<String, Object> json : all) {
      assertEquals(json.get("type"), ChangeEvent.parse(json).type().name());
    }
    assertEquals(ChangeType.values().length, all.size());
  }

  @Test
  void anUnknownTypeIsRejected() {
    assertEquals("unknown type 'EMPLOYEE_PROMOTED': expected one of PARTNER_REGISTERED, EMPLOYEE_ADDED, "
        + "EMPLOYEE_REMOVED, CLIENT_UPSERTED, SUBSCRIPTION_CHANGED, CLIENT_USER_ADDED, CLIENT_USER_DEACTIVATED, "
        + "CLIENT_USER_REACTIVATED, CLIENT_USER_REMOVED, CLIENT_LINKED, CLIENT_UNLINKED, DEAL_SOLD",
        reason(event("EMPLOYEE_PROMOTED")));
  }

  @Test
  void aMissingFieldIsRejectedByName() {
    assertEquals("missing employeeId", reason(event("EMPLOYEE_REMOVED", "partnerId", 111)));
    assertEquals("missing growthMarket", reason(event("PARTNER_REGISTERED", "partnerId", 1, "name", "P", "domains", List.of("p.com"))));
    Map<String, Object> noId = event("EMPLOYEE_REMOVED", "partnerId", 111, "employeeId", 1);
    noId.remove("eventId");
    assertEquals("missing eventId", reason(noId));
    Map<String, Object> noTime = event("EMPLOYEE_REMOVED", "partnerId", 111, "employeeId", 1);
    noTime.remove("occurredAt");
    assertEquals("missing occurredAt", reason(noTime));
    Map<String, Object> noType = event("EMPLOYEE_REMOVED");
    noType.remove("type");
    assertEquals("missing type", reason(noType));
  }

  @Test
  void wronglyTypedFieldsAreRejected() {
    assertEquals("eventId must be a string", reason(event("EMPLOYEE_REMOVED", "eventId", 5)));
    assertEquals("partnerId must be an integer", reason(event("EMPLOYEE_REMOVED", "partnerId", "111", "employeeId", 1)));
    assertEquals("partnerId must be a positive integer", reason(event("EMPLOYEE_REMOVED", "partnerId", -1, "employeeId", 1)));
    assertEquals("occurredAt must be an integer", reason(event("EMPLOYEE_REMOVED", "occurredAt", "yesterday")));
    assertEquals("growthMarket must be true or false",
        reason(event("PARTNER_REGISTERED", "partnerId", 1, "name", "P", "domains", List.of("p.com"), "growthMarket", "yes")));
    assertEquals("domains[1] 'me@p.com' is not a domain such as agency.com",
        reason(event("PARTNER_REGISTERED", "partnerId", 1, "name", "P", "domains", List.of("p.com", "me@p.com"), "growthMarket", true)));
    assertEquals("name must not be blank",
        reason(event("CLIENT_UPSERTED", "clientId", 3, "name", " ", "domain", "c.com", "currency", "USD")));
  }

  @Test
  void anEmailThatIsNotAnAddressIsRejected() {
    for (String email : List.of("alice", "alice@", "@agency.com", "alice@agency", "al ice@agency.com", "a@b@agency.com")) {
      assertEquals("email '" + email.trim() + "' is not an email address",
          reason(event("CLIENT_USER_ADDED", "clientId", 3, "userId", 4, "email", email)), email);
    }
  }

  @Test
  void aCurrencyThatIsNotIso4217IsRejected() {
    assertEquals("currency 'XYZ' is not an ISO 4217 currency code", reason(subscription("1.00", "XYZ")));
    assertEquals("currency 'usd' is not an ISO 4217 currency code", reason(subscription("1.00", "usd")));
    assertEquals("currency 'DOLLAR' is not an ISO 4217 currency code",
        reason(event("CLIENT_UPSERTED", "clientId", 3, "name", "C", "domain", "c.com", "currency", "DOLLAR")));
  }

  @Test
  void moneyWithMoreDecimalsThanItsCurrencyIsRejected() {
    assertEquals("mrr 10.001 has more decimals than USD allows (2)", reason(subscription("10.001", "USD")));
    assertEquals("mrr 1.5 has more decimals than JPY allows (0)", reason(subscription("1.5", "JPY")));
  }

  @Test
  void negativeOrNonDecimalMoneyIsRejected() {
    assertEquals("mrr -1.00 must not be negative", reason(subscription("-1.00", "USD")));
    assertEquals("mrr must be a decimal string such as \"1000.00\"", reason(subscription("1e3", "USD")));
    assertEquals("mrr must be a decimal string such as \"1000.00\"",
        reason(event("SUBSCRIPTION_CHANGED", "clientId", 222, "mrr", 1000, "currency", "USD")));
  }

  @Test
  void aDealKindOtherThanSourcedOrAssistedIsRejected() {
    assertEquals("kind 'REFERRED' must be SOURCED or ASSISTED", reason(event("DEAL_SOLD",
        "partnerId", 1, "clientId", 3, "mrr", "1.00", "currency", "USD", "kind", "REFERRED")));
    assertEquals("missing kind", reason(event("DEAL_SOLD", "partnerId", 1, "clientId", 3, "mrr", "1.00", "currency", "USD")));
  }

  @Test
  void aMissingOrInvalidActorIsRejected() {
    Map<String, Object> noActor = event("EMPLOYEE_REMOVED", "partnerId", 111, "employeeId", 1);
    noActor.remove("actor");
    assertEquals("missing actor", reason(noActor));
    assertEquals("actor must be an object", reason(event("EMPLOYEE_REMOVED", "actor", "SYSTEM")));
    assertEquals("missing actor.role", reason(event("EMPLOYEE_REMOVED", "actor", Map.of("partnerId", 111, "userId", 9))));
    assertEquals("actor.role 'OWNER' must be PARTNER_ADMIN, CAM_ACCESS or SYSTEM",
        reason(event("EMPLOYEE_REMOVED", "actor", Map.of("partnerId", 111, "userId", 9, "role", "OWNER"))));
    assertEquals("missing actor.partnerId",
        reason(event("EMPLOYEE_REMOVED", "actor", Map.of("userId", 9, "role", "PARTNER_ADMIN"))));
    assertEquals("missing actor.userId",
        reason(event("EMPLOYEE_REMOVED", "actor", Map.of("partnerId", 111, "role", "CAM_ACCESS"))));
    assertEquals("actor.userId must be an integer",
        reason(event("EMPLOYEE_REMOVED", "actor", Map.of("partnerId", 111, "userId", "x", "role", "SYSTEM"))));
  }

  @Test
  void clientDomainAndNameAreKept() throws Exception {
    assertEquals(new ClientUpserted("e1", Instant.ofEpochMilli(AT), 3, "Acme", "acme.com", java.util.Currency.getInstance("EUR")),
        ChangeEvent.parse(event("CLIENT_UPSERTED", "clientId", 3, "name", "Acme", "domain", "acme.com", "currency", "EUR")).fact());
  }
}
