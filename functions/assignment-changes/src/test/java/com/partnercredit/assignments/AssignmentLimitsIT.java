package com.partnercredit.assignments;

import static com.partnercredit.assignments.ChangeRequests.day;
import static com.partnercredit.assignments.ChangeRequests.event;
import static com.partnercredit.assignments.ChangeRequests.nextId;
import static com.partnercredit.assignments.ChangeRequests.system;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Fact;
import com.partnercredit.store.FactStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /webhooks/assignments} and the limits of docs/api.md section 6, through the signed
 * handler into the emulator: a bad event is a rejection whose reason names the field and the
 * limit (quoting at most 200 characters), the valid events beside it are stored, and the answer
 * is 200, never 400 or 503.
 */
class AssignmentLimitsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private final AssignmentHandler handler = ChangeRequests.handler(DYNAMO.client(), DYNAMO.tableName());
  private final long client = nextId();

  private Map<String, Object> user(String eventId, long userId) {
    return event(eventId, "CLIENT_USER_ADDED", day(1), system(), "clientId", client, "userId", userId,
        "email", "u" + userId + "@acme.com");
  }

  /** Sends good, bad, good; expects 200 and the two good ones stored; returns the one rejection's reason. */
  @SuppressWarnings("unchecked")
  private String sendBetweenTwoGoodOnes(String badJson) throws Exception {
    String body = "[" + ChangeRequests.json(user("good-a-" + client, 1)) + "," + badJson + ","
        + ChangeRequests.json(user("good-b-" + client, 2)) + "]";
    long started = System.nanoTime();
    APIGatewayV2HTTPResponse response = handler.handleRequest(ChangeRequests.signed(body), null);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, response.getStatusCode(), response.getBody());
    assertTrue(millis < 2000, "took " + millis + " ms");
    Map<String, Object> answer = JSON.std.mapFrom(response.getBody());
    assertEquals(2, ((Number) answer.get("accepted")).intValue(), answer.toString());
    List<Map<String, Object>> rejected = (List<Map<String, Object>>) answer.get("rejected");
    assertEquals(1, rejected.size(), rejected.toString());
    assertTrue(response.getBody().length() < 1000, response.getBody());
    FactStore facts = new FactStore(DYNAMO.client(), DYNAMO.tableName(), ChangeRequests.CLOCK);
    assertEquals(Set.of("good-a-" + client, "good-b-" + client),
        facts.clientFacts(client).stream().map(Fact::eventId).collect(Collectors.toSet()));
    return (String) rejected.get(0).get("reason");
  }

  @Test
  void anEventIdOfElevenHundredCharactersIsRejected() throws Exception {
    Map<String, Object> bad = user("e".repeat(1100), 3);

    assertEquals("eventId must be at most 256 characters (got 1100)", sendBetweenTwoGoodOnes(ChangeRequests.json(bad)));
  }

  @Test
  void aTwoKilobyteEmailIsRejected() throws Exception {
    Map<String, Object> bad = user("long-email-" + client, 3);
    bad.put("email", "a".repeat(2048 - "@acme.com".length()) + "@acme.com");

    assertEquals("email must be at most 254 characters (got 2048)", sendBetweenTwoGoodOnes(ChangeRequests.json(bad)));
  }

  @Test
  void aTwoHundredThousandDigitMrrIsRejectedAtOnceWithoutEchoingIt() throws Exception {
    Map<String, Object> bad = event("huge-mrr-" + client, "SUBSCRIPTION_CHANGED", day(1), system(),
        "clientId", client, "mrr", "9".repeat(200_000), "currency", "USD");

    assertEquals("mrr must be at most 64 characters and 18 significant digits (got 200000 characters)",
        sendBetweenTwoGoodOnes(ChangeRequests.json(bad)));
  }

  @Test
  void anMrrOfNineteenSignificantDigitsIsRejected() throws Exception {
    Map<String, Object> bad = event("mrr-19-" + client, "SUBSCRIPTION_CHANGED", day(1), system(),
        "clientId", client, "mrr", "12345678901234567.89", "currency", "USD");

    assertEquals("mrr must have at most 18 significant digits (got 19)", sendBetweenTwoGoodOnes(ChangeRequests.json(bad)));
  }

  @Test
  void aNameOverTheLimitIsRejected() throws Exception {
    Map<String, Object> bad = event("long-name-" + client, "CLIENT_UPSERTED", day(1), system(),
        "clientId", client, "name", "N".repeat(300), "domain", "acme.com", "currency", "USD");

    assertEquals("name must be at most 256 characters (got 300)", sendBetweenTwoGoodOnes(ChangeRequests.json(bad)));
  }

  @Test
  void aDomainOverTheLimitIsRejected() throws Exception {
    Map<String, Object> bad = event("long-domain-" + client, "PARTNER_REGISTERED", day(1), system(),
        "partnerId", nextId(), "name", "Agency", "domains", List.of("ok.com", "d".repeat(300) + ".com"), "growthMarket", false);

    assertEquals("domains[1] must be at most 256 characters (got 304)", sendBetweenTwoGoodOnes(ChangeRequests.json(bad)));
  }

  @Test
  void anOccurredAtMoreThanADayAheadIsRejected() throws Exception {
    Map<String, Object> bad = event("future-" + client, "CLIENT_USER_ADDED", Instant.parse("2126-01-01T00:00:00Z"), system(),
        "clientId", client, "userId", 3, "email", "c@acme.com");

    assertTrue(sendBetweenTwoGoodOnes(ChangeRequests.json(bad)).startsWith(
        "occurredAt " + Instant.parse("2126-01-01T00:00:00Z").toEpochMilli() + " must be epoch milliseconds between 2000-01-01T00:00:00Z and 1 day after now"));
  }

  @Test
  void anEventNestedTwoThousandDeepIsRejectedNotA400() throws Exception {
    String deep = "{\"eventId\":\"deep-" + client + "\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}";

    assertTrue(sendBetweenTwoGoodOnes(deep).contains("nesting"));
  }

  @Test
  void aHalfMegabyteUnknownTypeIsRejectedQuotingAtMostTwoHundredCharacters() throws Exception {
    Map<String, Object> bad = event("long-type-" + client, "T".repeat(500 * 1024), day(1), system());

    String reason = sendBetweenTwoGoodOnes(ChangeRequests.json(bad));

    assertEquals("type must be at most 256 characters (got 512000)", reason);
  }
}
