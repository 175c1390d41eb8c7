package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rulebook's worked examples (docs/rules.md section 11) end to end, as HubSpot and a partner would
 * see them: facts through the signed {@code POST /webhooks/assignments}, activities through the
 * signed {@code POST /webhooks/hubspot}, then {@code GET /partners/{id}/points} with a bearer token,
 * all over HTTP through the local stack against a real table.
 *
 * <p>Dn is day n at the test's start time-of-day, with D0 45 days ago: activities older than 60
 * days by the wall clock are expired, so the examples run near now, and {@code asOf} may be ahead.
 * An {@code asOf} is never before D38 ({@link #NOW} - 7 days, the live horizon of docs/api.md
 * section 4: earlier ones are answered from snapshots, which keep no statuses), so each example
 * looks at now ({@link #NOW}, D45), or at the last week, or ahead.
 * Each example has its own partners, clients and email domains: emails identify users across
 * accounts, so examples sharing one would share their employees.
 */
@ExtendWith(DynamoDbExtension.class)
class PointsBreakdownIT {
  private static final String SECRET = "points-it-secret";
  private static final Instant D0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(45));
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;
  private static DemoSeed webhooks;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    properties = new SystemPropertiesSnapshot();
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), SECRET), Emulator.shared());
    webhooks = new DemoSeed(stack.baseUrl(), SECRET);
  }

  @AfterAll
  static void stop() {
    stack.close();
    properties.restore();
  }

  /** D45: the test's now. */
  static final int NOW = 45;

  static Instant d(int day) {
    return D0.plus(Duration.ofDays(day));
  }

  /** One example's world: facts and activities, sent when {@link #send()} is called. */
  static final class World {
    final long p1 = IDS.incrementAndGet();
    final String domain = "agency" + p1 + ".com";
    final String alice = "alice@" + domain;
    private final List<Map<String, Object>> facts = new ArrayList<>();
    private final List<Map<String, Object>> activities = new ArrayList<>();

    World fact(String type, Instant at, Map<String, Object> actor, Object... fields) {
      facts.add(WebhookEvents.change("it-" + IDS.incrementAndGet(), type, at, actor, fields));
      return this;
    }

    static Map<String, Object> system() {
      return WebhookEvents.system();
    }

    static Map<String, Object> admin(long partnerId) {
      return WebhookEvents.admin(partnerId);
    }

    World partner(long partnerId, String partnerDomain) {
      return fact("PARTNER_REGISTERED", d(-10), system(), "partnerId", partnerId, "name", "Partner " + partnerId,
          "domains", List.of(partnerDomain), "growthMarket", false);
    }

    World employee(long partnerId, long employeeId, String email, Instant at) {
      return fact("EMPLOYEE_ADDED", at, admin(partnerId), "partnerId", partnerId, "employeeId", employeeId, "email", email);
    }

    World client(long clientId, String currency, String mrr) {
      fact("CLIENT_UPSERTED", d(0), system(), "clientId", clientId, "name", "Client " + clientId,
          "domain", "client" + clientId + ".com", "currency", currency);
      return fact("SUBSCRIPTION_CHANGED", d(0), system(), "clientId", clientId, "mrr", mrr, "currency", currency);
    }

    World user(long clientId, long userId, String email, Instant at) {
      return fact("CLIENT_USER_ADDED", at, system(), "clientId", clientId, "userId", userId, "email", email);
    }

    World activity(long clientId, long userId, String type, Instant at) {
      activities.add(WebhookEvents.activity(IDS.incrementAndGet(), clientId, userId, type, at, 5501));
      return this;
    }

    /** P1 with alice, client C1 in USD 1000.00 with alice as a user from D1. */
    static World example1() {
      World w = new World();
      long c1 = w.p1 + 500_000_000L;
      return w.partner(w.p1, w.domain).employee(w.p1, 901, w.alice, d(0))
          .client(c1, "USD", "1000.00").user(c1, 11, w.alice, d(1));
    }

    long c1() {
      return p1 + 500_000_000L;
    }

    World send() throws Exception {
      Map<String, Object> stored = JSON.std.mapFrom(webhooks.signedPost("/webhooks/assignments", JSON.std.asString(facts)));
      assertEquals(List.of(), stored.get("rejected"), stored.toString());
      if (!activities.isEmpty()) {
        webhooks.signedPost("/webhooks/hubspot", JSON.std.asString(activities));
      }
      stack.readModel().awaitCaughtUp(Duration.ofSeconds(60)); // the default breakdown answers from the read model
      return this;
    }
  }

  static HttpResponse<String> get(long partnerId, String query, Map<String, Object> claims) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/partners/" + partnerId + "/points" + query))
        .header("Authorization", "Bearer " + DemoSeed.unsignedToken(claims))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, Object> points(long partnerId, Instant asOf) throws Exception {
    HttpResponse<String> response = get(partnerId, "?asOf=" + asOf, Map.of("partner_id", Long.toString(partnerId)));
    assertEquals(200, response.statusCode(), response.body());
    return JSON.std.mapFrom(response.body());
  }

  static String managed(Map<String, Object> breakdown) {
    return (String) ((Map<?, ?>) breakdown.get("points")).get("managed");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> row(Map<String, Object> breakdown, long clientId) {
    return ((List<Map<String, Object>>) breakdown.get("clients")).stream()
        .filter(c -> ((Number) c.get("clientId")).longValue() == clientId).findFirst()
        .orElseThrow(() -> new AssertionError("no client " + clientId + " in " + breakdown));
  }

  @Test
  void example1ActivityAfterAssignmentEarnsTenPointsUntilDay62() throws Exception {
    World w = World.example1();
    w.activity(w.c1(), 11, "contact.creation", d(2)).send();

    Map<String, Object> now = points(w.p1, d(NOW));
    Map<String, Object> atD62 = points(w.p1, d(62));

    assertEquals("10.00", managed(now));
    assertEquals("1000.00", row(now, w.c1()).get("managedCredit"));
    assertEquals("SERVICED", row(now, w.c1()).get("status"));
    assertEquals(d(62).toString(), row(now, w.c1()).get("creditUntil"));
    assertEquals("0.00", managed(atD62));
    assertEquals("EXPIRED", row(atD62, w.c1()).get("status"));
  }

  @Test
  void example3ActivityBeforeTheManualLinkNeverCounts() throws Exception {
    World w = World.example1();
    String bob = "bob@freelance" + w.p1 + ".io";
    w.employee(w.p1, 902, bob, d(0)).user(w.c1(), 12, bob, d(1))
        .activity(w.c1(), 12, "contact.creation", d(2))
        .fact("CLIENT_LINKED", d(3), World.admin(w.p1), "partnerId", w.p1, "employeeId", 902, "clientId", w.c1())
        .send();

    // counted, the D2 activity would keep the credit until D62: at D45 it is still not counted
    assertEquals("NOT_ASSIGNED_AT_ACTIVITY", row(points(w.p1, d(NOW)), w.c1()).get("status"));

    w.activity(w.c1(), 12, "contact.creation", d(4)).send();
    Map<String, Object> now = points(w.p1, d(NOW));
    assertEquals("10.00", managed(now));
    assertEquals(d(64).toString(), row(now, w.c1()).get("creditUntil"));
    assertEquals("0.00", managed(points(w.p1, d(64))));
  }

  @Test
  void example4TheMrrIsSplitEvenlyWithTheRemainderToTheLowestPartnerId() throws Exception {
    World w = World.example1();
    w.activity(w.c1(), 11, "contact.creation", d(2));
    long p2 = IDS.incrementAndGet();
    long p3 = IDS.incrementAndGet();
    String bea = "bea@second" + p2 + ".com";
    String cid = "cid@third" + p3 + ".com";
    w.partner(p2, "second" + p2 + ".com").employee(p2, 1, bea, d(0)).user(w.c1(), 21, bea, d(1))
        .activity(w.c1(), 21, "deal.propertyChange", d(3))
        .send();

    Map<String, Object> two = points(w.p1, d(NOW));
    assertEquals("500.00", row(two, w.c1()).get("managedCredit"));
    assertEquals("5.00", managed(two));
    assertEquals(2, ((Number) row(two, w.c1()).get("servicingPartners")).intValue());
    assertEquals("5.00", managed(points(p2, d(NOW))));

    new World().partner(p3, "third" + p3 + ".com").employee(p3, 1, cid, d(0)).user(w.c1(), 31, cid, d(1))
        .activity(w.c1(), 31, "contact.creation", d(5)).send();
    assertEquals("333.34", row(points(w.p1, d(NOW)), w.c1()).get("managedCredit"));
    assertEquals("333.33", row(points(p2, d(NOW)), w.c1()).get("managedCredit"));
    assertEquals("333.33", row(points(p3, d(NOW)), w.c1()).get("managedCredit"));
  }

  @Test
  void example6RemovingEveryEmployeeFromTheClientEndsTheCreditAtOnce() throws Exception {
    World w = World.example1();
    w.activity(w.c1(), 11, "contact.creation", d(2))
        .fact("CLIENT_USER_REMOVED", d(40), World.system(), "clientId", w.c1(), "userId", 11)
        .send();

    assertEquals("10.00", managed(points(w.p1, d(39))));
    Map<String, Object> atD40 = points(w.p1, d(40));
    assertEquals("0.00", managed(atD40));
    assertEquals("ENDED", row(atD40, w.c1()).get("status"));
  }

  @Test
  void example7AfterAnUnlinkOnlyEarlierActivityKeepsCounting() throws Exception {
    World w = World.example1();
    w.activity(w.c1(), 11, "contact.creation", d(2))
        .fact("CLIENT_UNLINKED", d(10), World.admin(w.p1), "partnerId", w.p1, "employeeId", 901, "clientId", w.c1())
        .activity(w.c1(), 11, "contact.creation", d(20))
        .send();

    Map<String, Object> now = points(w.p1, d(NOW));
    assertEquals("10.00", managed(now));
    assertEquals(d(62).toString(), row(now, w.c1()).get("creditUntil"));
    assertEquals("0.00", managed(points(w.p1, d(62))));
  }

  @Test
  void example8ActivityWhileDeactivatedDoesNotCountAndReactivationRestoresIt() throws Exception {
    World w = World.example1();
    w.activity(w.c1(), 11, "contact.creation", d(2))
        .fact("CLIENT_USER_DEACTIVATED", d(10), World.system(), "clientId", w.c1(), "userId", 11)
        .activity(w.c1(), 11, "contact.creation", d(15))
        .fact("CLIENT_USER_REACTIVATED", d(39), World.admin(w.p1), "clientId", w.c1(), "userId", 11)
        .activity(w.c1(), 11, "contact.creation", d(40))
        .send();

    assertEquals(d(62).toString(), row(points(w.p1, d(39)), w.c1()).get("creditUntil"), "D15 did not count");
    Map<String, Object> atD62 = points(w.p1, d(62));
    assertEquals("10.00", managed(atD62), "no break at D62");
    assertEquals(d(100).toString(), row(atD62, w.c1()).get("creditUntil"));
    assertEquals("0.00", managed(points(w.p1, d(100))));
  }

  @Test
  void example9EurCreditEarnsPointsAtTheEquivalentInForce() throws Exception {
    World w = new World();
    long c2 = w.p1 + 600_000_000L;
    w.partner(w.p1, w.domain).employee(w.p1, 901, w.alice, d(0))
        .client(c2, "EUR", "750.00").user(c2, 11, w.alice, d(1))
        .activity(c2, 11, "blog_post.published", d(40))
        .send();

    Map<String, Object> now = points(w.p1, d(41));
    assertEquals("8.52", managed(now), "750 EUR / 88 per US$100 since 2025-07-15 (10.00 before: the domain tests)");
    assertEquals("750.00", row(now, c2).get("managedCredit"));
    assertEquals("EUR", row(now, c2).get("currency"));
  }

  @Test
  void theTokenMustBeThePartnersOrAnAdmins() throws Exception {
    World w = World.example1().send();

    assertEquals(403, get(w.p1, "", Map.of("partner_id", Long.toString(w.p1 + 1))).statusCode());
    assertEquals(200, get(w.p1, "", Map.of("scope", "points:admin")).statusCode());
    assertEquals(404, get(w.p1 + 1_000_000_000L, "", Map.of("scope", "points:admin")).statusCode());
    assertEquals(400, get(w.p1, "?asOf=yesterday", Map.of("scope", "points:admin")).statusCode());
  }

  @Test
  void csvAndSearchThroughTheRoute() throws Exception {
    World w = World.example1();
    w.activity(w.c1(), 11, "contact.creation", d(2)).send();

    HttpResponse<String> csv = get(w.p1, "?format=csv&search=CLIENT%20" + w.c1() + "&asOf=" + d(NOW),
        Map.of("partner_id", Long.toString(w.p1)));

    assertEquals(200, csv.statusCode(), csv.body());
    assertEquals("clientId,name,currency,mrr,managedCredit,managedPoints,servicingPartners,status,creditUntil,reason,"
        + "employees\r\n" + w.c1() + ",Client " + w.c1() + ",USD,1000.00,1000.00,10.00,1,SERVICED," + d(62)
        + ",last qualifying activity " + d(2) + " by " + w.alice + "," + w.alice + "\r\n", csv.body());
  }
}
