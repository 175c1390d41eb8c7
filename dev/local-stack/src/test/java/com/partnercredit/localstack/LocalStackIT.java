package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.Scenario;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local stack on a free port, serving the real webhook functions over HTTP. */
@ExtendWith(DynamoDbExtension.class)
class LocalStackIT {

  private static final String SECRET = "local-stack-it-secret";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    properties = new SystemPropertiesSnapshot();
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), SECRET), Emulator.shared());
  }

  @AfterAll
  static void stop() {
    stack.close();
    properties.restore();
  }

  private static HttpResponse<String> post(String path, String body, String signature, long timestamp) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve(path))
        .header("Content-Type", "application/json")
        .header("X-HubSpot-Signature-v3", signature)
        .header("X-HubSpot-Request-Timestamp", Long.toString(timestamp))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String secret, String path, String body, long timestamp) {
    return SignatureV3.sign(new ClientSecret(secret.getBytes(StandardCharsets.UTF_8)), "POST",
        stack.baseUrl() + path, body, timestamp);
  }

  @Test
  void aSignedWebhookIsStoredAndCounted(TestTable table) throws Exception {
    String body = "[{\"eventId\":9001,\"portalId\":222,\"occurredAt\":1764324000000,"
        + "\"subscriptionType\":\"blog_post.published\",\"objectId\":7001,\"sourceId\":\"userId:555\"},"
        + "{\"eventId\":9002,\"portalId\":222,\"occurredAt\":1764324000000,"
        + "\"eventType\":\"user.login\",\"sourceId\":\"userId:555\"}]";
    long now = System.currentTimeMillis();

    HttpResponse<String> response = post("/webhooks/hubspot", body, sign(SECRET, "/webhooks/hubspot", body, now), now);

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    Map<String, Object> counts = JSON.std.mapFrom(response.body());
    assertEquals(2, ((Number) counts.get("received")).intValue(), response.body());
    assertEquals(1, ((Number) counts.get("qualifying")).intValue(), response.body());
    assertEquals(1, ((Number) counts.get("stored")).intValue(), response.body());
    assertEquals(0, ((Number) counts.get("deadLetters")).intValue(), response.body());
    assertEquals(1, ((Number) ((Map<?, ?>) counts.get("ignored")).get("not_qualifying")).intValue(), response.body());
    assertTrue(table.client().scan(b -> b.tableName(table.name())).count() >= 1, "stored in the class's table");
  }

  @Test
  void aSignedAssignmentChangeIsStoredAndAUnauthorizedOneRejected() throws Exception {
    String body = "[{\"eventId\":\"ls-1\",\"type\":\"EMPLOYEE_ADDED\",\"occurredAt\":1764324000000,"
        + "\"actor\":{\"partnerId\":111,\"userId\":901,\"role\":\"PARTNER_ADMIN\"},"
        + "\"partnerId\":111,\"employeeId\":901,\"email\":\"alice@agency.com\"},"
        + "{\"eventId\":\"ls-2\",\"type\":\"EMPLOYEE_ADDED\",\"occurredAt\":1764324000000,"
        + "\"actor\":{\"partnerId\":112,\"userId\":902,\"role\":\"PARTNER_ADMIN\"},"
        + "\"partnerId\":111,\"employeeId\":902,\"email\":\"bob@agency.com\"}]";
    long now = System.currentTimeMillis();

    HttpResponse<String> response =
        post("/webhooks/assignments", body, sign(SECRET, "/webhooks/assignments", body, now), now);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(Map.of("accepted", 1, "duplicates", 0, "rejected", List.of(
        Map.of("eventId", "ls-2", "reason", "EMPLOYEE_ADDED requires PARTNER_ADMIN of partner 111"))),
        JSON.std.mapFrom(response.body()));
  }

  @Test
  void publishRunsThePublisherAndAnswersWithTheEventsItPutOnTheBus(TestTable table) throws Exception {
    FactStore store = new FactStore(table.client(), table.name(), Clock.systemUTC());
    store.record(new PartnerRegistered("ls-reg", Instant.parse("2026-01-01T00:00:00Z"), 424242L, "Local Agency",
        List.of("local.example"), false), null);
    store.record(new EmployeeAdded("ls-emp", Instant.parse("2026-01-01T00:00:00Z"), 424242L, 1L,
        "dev@local.example"), null);

    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        stack.baseUrl().resolve("/publish?asOf=2026-11-28T10:00:00Z")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> body = JSON.std.mapFrom(response.body());
    assertEquals("2026-11-28T10:00:00Z", body.get("asOf"));
    // other tests of this class share the table: look for this test's partner among what was published
    List<?> events = (List<?>) body.get("events");
    Map<?, ?> ours = events.stream().map(e -> (Map<?, ?>) e)
        .filter(e -> ((Number) ((Map<?, ?>) e.get("detail")).get("partnerId")).intValue() == 424242)
        .findFirst().orElseThrow(() -> new AssertionError("no event for partner 424242: " + response.body()));
    assertEquals("PartnerTierPoints", ours.get("detailType"));
    assertEquals("PROVIDER", ((Map<?, ?>) ours.get("detail")).get("tier"), response.body());
    assertTrue(((Number) body.get("snapshots")).intValue() >= 1, response.body());
  }

  private static List<Map<?, ?>> publish(Instant asOf) throws Exception {
    List<Map<?, ?>> events = new ArrayList<>();
    ((List<?>) publishBody(asOf).get("events")).forEach(e -> events.add((Map<?, ?>) e));
    return events;
  }

  private static Map<String, Object> publishBody(Instant asOf) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        stack.baseUrl().resolve("/publish?asOf=" + asOf)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Object> body = JSON.std.mapFrom(response.body());
    assertEquals(asOf.toString(), body.get("asOf"));
    return body;
  }

  private static long partnerOf(Map<?, ?> event) {
    return ((Number) ((Map<?, ?>) event.get("detail")).get("partnerId")).longValue();
  }

  @Test
  void publishRunsTheTemplatesStateMachineAndAnswersEveryEventByPartnerThenClient(TestTable table) throws Exception {
    Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long p1 = 7_700_001;
    long p2 = 7_700_002;
    Scenario facts = StoredFacts.scenario()
        .partner(p1, "one.example", asOf.minus(Duration.ofDays(300)))
        .employeeAdded(p1, 1, "ann@one.example", asOf.minus(Duration.ofDays(300)))
        .partner(p2, "two.example", asOf.minus(Duration.ofDays(300)))
        .employeeAdded(p2, 2, "bo@two.example", asOf.minus(Duration.ofDays(300)))
        .dealSold(p2, 7_799_999, "500.00", "USD", DealKind.SOURCED, asOf.minus(Duration.ofDays(5)));
    for (long client = 7_700_013; client >= 7_700_010; client--) { // stored in reverse, spread over shards
      facts.client(client, "USD", "1000.00", asOf.minus(Duration.ofDays(100)))
          .userAdded(client, 1, "ann@one.example", asOf.minus(Duration.ofDays(90)))
          .userAdded(client, 2, "owner@client" + client + ".example", asOf.minus(Duration.ofDays(90)))
          .activity(client, 1, asOf.minus(Duration.ofDays(55))) // credit ends in 5 days: expiring
          .activity(client, 2, asOf.minus(Duration.ofDays(1)));
    }
    facts.userAdded(7_700_011, 3, "bo@two.example", asOf.minus(Duration.ofDays(90)))
        .activity(7_700_011, 3, asOf.minus(Duration.ofDays(2)));
    new StoredFacts(table.client(), table.name()).store(facts);
    stack.readModel().awaitCaughtUp(Duration.ofSeconds(60)); // the publication reads the read model

    List<Map<?, ?>> events = publish(asOf);

    List<Long> partners = events.stream().map(LocalStackIT::partnerOf).toList();
    assertEquals(partners.stream().sorted().toList(), partners, "by partner");
    List<String> ours = events.stream().filter(e -> partnerOf(e) == p1 || partnerOf(e) == p2)
        .map(e -> partnerOf(e) + " " + e.get("detailType") + " " + ((Map<?, ?>) e.get("detail")).get("clientId"))
        .toList();
    assertEquals(List.of(
        p1 + " PartnerTierPoints null",
        p1 + " ManagedCreditExpiring 7700010",
        p1 + " ManagedCreditExpiring 7700011",
        p1 + " ManagedCreditExpiring 7700012",
        p1 + " ManagedCreditExpiring 7700013",
        p2 + " PartnerTierPoints null"), ours, "then PartnerTierPoints, then the clients in order");
    Map<?, ?> tierPoints = (Map<?, ?>) events.stream().filter(e -> partnerOf(e) == p1).findFirst().orElseThrow()
        .get("detail");
    assertEquals(4, ((Number) tierPoints.get("clients")).intValue(), tierPoints.toString());
    Map<String, Object> again = publishBody(asOf);
    assertEquals(List.of(), ((List<?>) again.get("events")).stream()
        .filter(e -> partnerOf((Map<?, ?>) e) == p1 || partnerOf((Map<?, ?>) e) == p2).toList(),
        "a re-run for the same time puts none of the events already put, and lists what it put");
    assertTrue(((Number) again.get("eventsAlreadyPut")).intValue() >= ours.size(), again.toString());
  }

  @Test
  void publishWithAnAsOfThatIsNotAnInstantIs400() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        stack.baseUrl().resolve("/publish?asOf=yesterday")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(400, response.statusCode(), response.body());
  }

  @Test
  void aBadSignatureIs401() throws Exception {
    String body = "[{\"eventId\":9101,\"portalId\":222,\"occurredAt\":1764324000000,"
        + "\"subscriptionType\":\"blog_post.published\",\"sourceId\":\"userId:555\"}]";
    long now = System.currentTimeMillis();

    HttpResponse<String> response = post("/webhooks/hubspot", body, sign("wrong-secret", "/webhooks/hubspot", body, now), now);

    assertEquals(401, response.statusCode(), response.body());
    assertTrue(JSON.std.anyFrom(response.body()) instanceof Map, response.body());
  }

  @Test
  void anUnknownRouteIs404Json() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/nowhere")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(404, response.statusCode());
    assertEquals(Map.of("message", "Not Found"), JSON.std.mapFrom(response.body()));
  }

  @Test
  void theBannerNamesTheTableAndTheWebhookRoute(TestTable table) {
    String banner = String.join("\n", stack.banner());

    assertTrue(banner.contains(table.name()), banner);
    assertTrue(banner.contains("POST /webhooks/hubspot"), banner);
    assertTrue(banner.contains("POST /webhooks/assignments"), banner);
    assertTrue(banner.contains(stack.baseUrl().toString()), banner);
  }
}
