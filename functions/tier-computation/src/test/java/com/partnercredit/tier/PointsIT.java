package com.partnercredit.tier;

import static com.partnercredit.tier.PointsRequests.adminClaims;
import static com.partnercredit.tier.PointsRequests.get;
import static com.partnercredit.tier.PointsRequests.partnerClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /partners/{partnerId}/points} against a real DynamoDB-compatible emulator: the JSON of
 * docs/api.md section 4, search, CSV, and 400/403/404. Times are near now, because activities
 * older than 60 days by the wall clock are expired whether or not TTL has deleted them.
 */
class PointsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private final RequestCounter counter = new RequestCounter();
  private DynamoDbClient counted;
  private PointsHandler handler;
  private StoredFacts stored;
  private Scenario facts;
  private long partner;
  /** Emails identify users across accounts: each test's partner has its own domain. */
  private String alice;

  @BeforeEach
  void setUp() throws Exception {
    counted = Emulator.shared().newDynamoDbClient(counter);
    handler = PointsRequests.handler(counted, DYNAMO.tableName());
    stored = new StoredFacts(DYNAMO.client(), DYNAMO.tableName());
    facts = StoredFacts.scenario();
    partner = StoredFacts.newId();
    alice = "alice@agency" + partner + ".com";
    facts.partner(partner, "Agency", "agency" + partner + ".com", daysAgo(50))
        .employeeAdded(partner, 901, alice, daysAgo(50));
  }

  @AfterEach
  void tearDown() {
    counted.close();
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  /** A client with alice as a user, and alice's activity {@code activityDaysAgo} days ago. */
  private long servicedClient(String name, String currency, String mrr, int activityDaysAgo) {
    long client = StoredFacts.newId();
    long user = StoredFacts.newId();
    facts.client(client, name, currency, mrr, daysAgo(45))
        .userAdded(client, user, alice, daysAgo(44))
        .activity(client, user, daysAgo(activityDaysAgo));
    return client;
  }

  private APIGatewayV2HTTPResponse points(Map<String, String> query) {
    return handler.handleRequest(get(Long.toString(partner), query, Map.of(), partnerClaims(partner)), null);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> clients(Map<String, Object> body) {
    return (List<Map<String, Object>>) body.get("clients");
  }

  @Test
  void answersTheContractsJson() throws Exception {
    long client = servicedClient("Acme", "USD", "1000.00", 1);
    stored.store(facts);
    Instant asOf = NOW.truncatedTo(ChronoUnit.HOURS);

    APIGatewayV2HTTPResponse response = points(Map.of("asOf", asOf.toString()));

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("application/json", response.getHeaders().get("content-type"));
    Map<String, Object> body = JSON.std.mapFrom(response.getBody());
    assertEquals(List.of("partnerId", "asOf", "tier", "nextTier", "points", "qualifyingActivities", "clients",
        "projection"), List.copyOf(body.keySet()).subList(0, 8), "the contract's fields come first, in order");
    assertEquals(partner, ((Number) body.get("partnerId")).longValue());
    assertTrue(body.get("partnerId") instanceof Number, "ids are integers");
    assertEquals(asOf.toString(), body.get("asOf"));
    assertEquals("GOLD", body.get("tier"));
    assertEquals(Map.of("managed", "10.00", "sold", "0.00", "total", "10.00"), body.get("points"));
    Map<String, Object> next = (Map<String, Object>) body.get("nextTier");
    assertEquals("PLATINUM", next.get("tier"));
    assertEquals("120.00", next.get("pointsNeeded"));
    assertEquals(Map.of("windowDays", 90, "count", 1), body.get("qualifyingActivities"));
    Map<String, Object> row = clients(body).get(0);
    assertEquals(List.of("clientId", "name", "currency", "mrr", "managedCredit", "managedPoints", "servicingPartners",
        "status", "creditUntil", "reason", "employees"), List.copyOf(row.keySet()));
    assertEquals(client, ((Number) row.get("clientId")).longValue());
    assertEquals("Acme", row.get("name"));
    assertEquals("USD", row.get("currency"));
    assertEquals("1000.00", row.get("mrr"));
    assertEquals("1000.00", row.get("managedCredit"));
    assertEquals("10.00", row.get("managedPoints"));
    assertEquals(1, ((Number) row.get("servicingPartners")).intValue());
    assertEquals("SERVICED", row.get("status"));
    assertEquals(daysAgo(1).plus(Duration.ofDays(60)).toString(), row.get("creditUntil"));
    assertEquals("last qualifying activity " + daysAgo(1) + " by " + alice, row.get("reason"));
    assertEquals(List.of(Map.of("employeeId", 901, "email", alice,
        "lastQualifyingActivityAt", daysAgo(1).toString())), row.get("employees"));
    assertEquals(List.of(
        Map.of("date", asOf.plus(Duration.ofDays(30)).toString().substring(0, 10), "managed", "10.00"),
        Map.of("date", asOf.plus(Duration.ofDays(60)).toString().substring(0, 10), "managed", "0.00"),
        Map.of("date", asOf.plus(Duration.ofDays(90)).toString().substring(0, 10), "managed", "0.00")),
        body.get("projection"));
  }

  @Test
  void moneyKeepsItsCurrencysDigits() throws Exception {
    servicedClient("Tokyo KK", "JPY", "120000", 2);
    stored.store(facts);

    Map<String, Object> row = clients(JSON.std.mapFrom(points(Map.of()).getBody())).get(0);

    assertEquals("JPY", row.get("currency"));
    assertEquals("120000", row.get("mrr"));
    assertEquals("120000", row.get("managedCredit"));
    assertEquals("8.33", row.get("managedPoints"), "120000 / 14400 x 1");
  }

  @Test
  void anActivityPastItsTtlCountsAsExpiredEvenBeforeDynamoDbDeletesIt() throws Exception {
    long client = servicedClient("Old Co", "USD", "1000.00", 61); // still in the table: TTL deletion lags
    stored.store(facts);

    Map<String, Object> body = JSON.std.mapFrom(points(Map.of()).getBody());

    assertEquals(Map.of("managed", "0.00", "sold", "0.00", "total", "0.00"), body.get("points"));
    Map<String, Object> row = clients(body).get(0);
    assertEquals(client, ((Number) row.get("clientId")).longValue());
    assertEquals("0.00", row.get("managedPoints"));
    assertTrue(!"SERVICED".equals(row.get("status")), row.toString());
  }

  @Test
  void searchNarrowsTheClientsButNotTheTotals() throws Exception {
    long acme = servicedClient("Acme Corp", "USD", "1000.00", 1);
    long globex = servicedClient("Globex", "USD", "2000.00", 1);
    stored.store(facts);

    Map<String, Object> byName = JSON.std.mapFrom(points(Map.of("search", "aCmE")).getBody());
    Map<String, Object> byId = JSON.std.mapFrom(points(Map.of("search", Long.toString(globex))).getBody());
    Map<String, Object> none = JSON.std.mapFrom(points(Map.of("search", "initech")).getBody());

    assertEquals(List.of(acme), clients(byName).stream().map(c -> ((Number) c.get("clientId")).longValue()).toList());
    assertEquals(List.of(globex), clients(byId).stream().map(c -> ((Number) c.get("clientId")).longValue()).toList());
    assertEquals(List.of(), clients(none));
    for (Map<String, Object> body : List.of(byName, byId, none)) {
      assertEquals("30.00", ((Map<?, ?>) body.get("points")).get("total"), "totals are the whole partner's");
    }
  }

  @Test
  void csvHasAHeaderRowAndEscapesCommasAndQuotes() throws Exception {
    long client = servicedClient("Acme, \"the best\" Inc", "USD", "1000.00", 1);
    stored.store(facts);

    APIGatewayV2HTTPResponse response = points(Map.of("format", "csv"));

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals(PointsHandler.CSV, response.getHeaders().get("content-type"));
    String[] lines = response.getBody().split("\r\n", -1);
    assertEquals(3, lines.length, "header, one row, and the final CRLF: " + response.getBody());
    assertEquals("clientId,name,currency,mrr,managedCredit,managedPoints,servicingPartners,status,creditUntil,"
        + "reason,employees", lines[0]);
    assertEquals(client + ",\"Acme, \"\"the best\"\" Inc\",USD,1000.00,1000.00,10.00,1,SERVICED,"
        + daysAgo(1).plus(Duration.ofDays(60)) + ",last qualifying activity " + daysAgo(1) + " by " + alice + ","
        + alice, lines[1]);
    assertEquals("", lines[2]);
  }

  @Test
  void acceptTextCsvAsksForCsvToo() throws Exception {
    servicedClient("Acme", "USD", "1000.00", 1);
    stored.store(facts);

    APIGatewayV2HTTPResponse response = handler.handleRequest(
        get(Long.toString(partner), Map.of(), Map.of("Accept", "text/csv"), partnerClaims(partner)), null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertTrue(response.getBody().startsWith("clientId,name,"), response.getBody());
  }

  @Test
  void csvQuotesLineBreaksButNotTheEmployeesSemicolons() {
    assertEquals("a@x.com;b@x.com", BreakdownCsv.field("a@x.com;b@x.com"));
    assertEquals("\"line\r\nbreak\"", BreakdownCsv.field("line\r\nbreak"));
  }

  @Test
  void anotherPartnersTokenIs403() throws Exception {
    stored.store(facts);

    APIGatewayV2HTTPResponse response = handler.handleRequest(
        get(Long.toString(partner), Map.of(), Map.of(), partnerClaims(partner + 1)), null);

    assertEquals(403, response.getStatusCode(), response.getBody());
    assertEquals(0, counter.total(), "nothing is looked up");
  }

  /** Issue 21: scopes are space-delimited (RFC 6749), so a comma does not split off an admin scope. */
  @Test
  void aCommaJoinedScopeIsNotTheAdminScopeAndIs403() throws Exception {
    stored.store(facts);

    APIGatewayV2HTTPResponse response = handler.handleRequest(
        get(Long.toString(partner), Map.of(), Map.of(), Map.of("scope", "read,points:admin")), null);

    assertEquals(403, response.getStatusCode(), response.getBody());
    assertEquals(0, counter.total(), "nothing is looked up");
  }

  @Test
  void aTokenWithoutClaimsIs403() throws Exception {
    stored.store(facts);

    assertEquals(403, handler.handleRequest(get(Long.toString(partner), Map.of(), Map.of(), null), null)
        .getStatusCode());
    assertEquals(403, handler.handleRequest(get(Long.toString(partner), Map.of(), Map.of(),
        Map.of("scope", "points:administrator")), null).getStatusCode());
  }

  @Test
  void anAdminReadsAnyPartner() throws Exception {
    stored.store(facts);

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(get(Long.toString(partner), Map.of(), Map.of(), adminClaims()), null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("PROVIDER", JSON.std.mapFrom(response.getBody()).get("tier"));
  }

  @Test
  void anUnknownPartnerIs404() throws Exception {
    APIGatewayV2HTTPResponse response =
        handler.handleRequest(get("987654321987", Map.of(), Map.of(), adminClaims()), null);

    assertEquals(404, response.getStatusCode(), response.getBody());
    assertEquals("partner 987654321987 is not known", JSON.std.mapFrom(response.getBody()).get("message"));
  }

  @Test
  void aBadAsOfIs400WithTheExpectedFormatBeforeAnythingIsLookedUp() throws Exception {
    APIGatewayV2HTTPResponse response = points(Map.of("asOf", "28/11/2026"));

    assertEquals(400, response.getStatusCode(), response.getBody());
    String message = (String) JSON.std.mapFrom(response.getBody()).get("message");
    assertTrue(message.contains("ISO-8601") && message.contains("2026-11-28T10:00:00Z"), message);
    assertEquals(0, counter.total(), "nothing is looked up");
  }

  @Test
  void anAsOfOutsideTheYears2000To9999Is400BeforeAnythingIsLookedUp() throws Exception {
    stored.store(facts);
    for (String asOf : List.of("+300000000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59+18:00")) {
      counter.clear();
      APIGatewayV2HTTPResponse response = points(Map.of("asOf", asOf));

      assertEquals(400, response.getStatusCode(), asOf + " -> " + response.getBody());
      String message = (String) JSON.std.mapFrom(response.getBody()).get("message");
      assertTrue(message.contains("2000") && message.contains("9999"), message);
      assertEquals(0, counter.total(), "nothing is looked up for " + asOf);
    }
    assertEquals(200, points(Map.of("asOf", "9999-12-31T23:59:59Z")).getStatusCode());
  }

  @Test
  void csvCellsASpreadsheetWouldRunAsFormulasGetALeadingQuote() throws Exception {
    long minus = servicedClient("-2+3", "USD", "1000.00", 1);
    long equals = servicedClient("=HYPERLINK(\"http://evil\")", "USD", "1000.00", 1);
    long at = servicedClient("@SUM(A1)", "USD", "1000.00", 1);
    long plus = servicedClient("+foo", "USD", "1000.00", 1);
    long tab = servicedClient("\tfoo", "USD", "1000.00", 1);
    stored.store(facts);

    String csv = points(Map.of("format", "csv")).getBody();

    assertTrue(csv.contains("\r\n" + minus + ",'-2+3,USD,1000.00,"), csv);
    assertTrue(csv.contains("\r\n" + equals + ",\"'=HYPERLINK(\"\"http://evil\"\")\",USD,"), csv);
    assertTrue(csv.contains("\r\n" + at + ",'@SUM(A1),USD,"), csv);
    assertTrue(csv.contains("\r\n" + plus + ",'+foo,USD,"), csv);
    assertTrue(csv.contains("\r\n" + tab + ",'\tfoo,USD,"), csv);
    assertEquals("\"'\rfoo\"", BreakdownCsv.field("\rfoo"));
    assertEquals("1000.00", BreakdownCsv.field("1000.00"));
  }

  @Test
  void anAsOfWithAnOffsetIsReadAsTheSameInstantInUtc() throws Exception {
    stored.store(facts);

    Instant asOf = NOW.minus(Duration.ofDays(1));
    String withOffset = asOf.atOffset(java.time.ZoneOffset.ofHours(1)).toString(); // 11:00+01:00 for 10:00Z

    Map<String, Object> body = JSON.std.mapFrom(points(Map.of("asOf", withOffset)).getBody());

    assertEquals(asOf.toString(), body.get("asOf"));
  }

  @Test
  void aPartnerIdThatIsNotANumberIs400() {
    assertEquals(400, handler.handleRequest(get("acme", Map.of(), Map.of(), adminClaims()), null).getStatusCode());
  }
}
