package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/openapi.yaml against the real answers of every route of the local stack (the template's
 * functions and the stack's own routes), seeded with the demo: each status a route answers is
 * documented, and each body matches its schema, which refuses undocumented fields. The last test
 * checks that every operation of the document was exercised.
 */
@ExtendWith(DynamoDbExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiIT {
  private static final String SECRET = "openapi-it-secret";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String POINTS = "/partners/{partnerId}/points";
  private static final String HISTORY = "/partners/{partnerId}/history";

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;
  private static OpenApiContract contract;
  private static String partnerToken;
  private static String otherToken;
  /** A day more than 7 days ago with a snapshot, written by POST /publish. */
  private static Instant published;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    properties = new SystemPropertiesSnapshot();
    contract = OpenApiContract.load();
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), SECRET), Emulator.shared());
    new DemoSeed(stack.baseUrl(), SECRET).seed(Instant.now());
    stack.readModel().awaitCaughtUp(Duration.ofSeconds(60)); // the default breakdown answers from the read model
    partnerToken = DemoSeed.demoToken();
    otherToken = DemoSeed.unsignedToken(Map.of("partner_id", Long.toString(DemoSeed.OTHER_PARTNER)));
    published = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(2));
  }

  @AfterAll
  static void stop() {
    stack.close();
    properties.restore();
  }

  /** Sends, checks the answer against the document, and returns it. */
  private static HttpResponse<String> call(String template, HttpRequest.Builder request, int expectedStatus)
      throws Exception {
    HttpRequest built = request.build();
    HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
    assertEquals(expectedStatus, response.statusCode(), built.method() + " " + built.uri() + ": " + response.body());
    List<String> problems = contract.problems(built.method(), template, response);
    assertEquals(List.of(), problems, "not as docs/openapi.yaml says: " + response.body());
    return response;
  }

  private static HttpRequest.Builder get(String pathAndQuery, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(stack.baseUrl().resolve(pathAndQuery)).GET();
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private static HttpRequest.Builder signedPost(String path, String body, String secret) {
    long now = System.currentTimeMillis();
    String signature = SignatureV3.sign(new ClientSecret(secret.getBytes(StandardCharsets.UTF_8)), "POST",
        stack.baseUrl() + path, body, now);
    return HttpRequest.newBuilder(stack.baseUrl().resolve(path))
        .header("Content-Type", "application/json")
        .header("X-HubSpot-Signature-v3", signature)
        .header("X-HubSpot-Request-Timestamp", Long.toString(now))
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static String manyEvents(int n) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add("{}");
    }
    return "[" + String.join(",", events) + "]";
  }

  @Test
  @Order(1)
  void activityWebhookAnswersAreAsDocumented() throws Exception {
    long now = System.currentTimeMillis();
    String body = "[{\"eventId\":1001,\"portalId\":222,\"occurredAt\":" + now + ",\"subscriptionType\":\"contact.creation\","
        + "\"objectId\":5501,\"sourceId\":\"userId:5551\"},{\"eventId\":\"x\",\"portalId\":\"not a number\"}]";
    String path = "/webhooks/hubspot";

    HttpResponse<String> ok = call(path, signedPost(path, body, SECRET), 200);
    call(path, signedPost(path, "{\"not\":\"an array\"}", SECRET), 400);
    call(path, signedPost(path, body, "another secret"), 401);
    call(path, signedPost(path, manyEvents(1001), SECRET), 413);

    assertEquals(1, ((Number) JSON.std.mapFrom(ok.body()).get("deadLetters")).intValue(), ok.body());
  }

  @Test
  @Order(2)
  void assignmentWebhookAnswersAreAsDocumented() throws Exception {
    String body = "[{\"eventId\":\"oa-1\",\"type\":\"EMPLOYEE_ADDED\",\"occurredAt\":" + System.currentTimeMillis()
        + ",\"actor\":{\"partnerId\":112,\"userId\":1,\"role\":\"PARTNER_ADMIN\"},\"partnerId\":111,"
        + "\"employeeId\":999,\"email\":\"eve@agency.com\"}]";
    String path = "/webhooks/assignments";

    HttpResponse<String> ok = call(path, signedPost(path, body, SECRET), 200);
    call(path, signedPost(path, "[1, 2]", SECRET), 400);
    call(path, signedPost(path, body, "another secret"), 401);
    call(path, signedPost(path, manyEvents(1001), SECRET), 413);

    assertEquals(1, ((List<?>) JSON.std.mapFrom(ok.body()).get("rejected")).size(), ok.body());
  }

  @Test
  @Order(3)
  void publishAnswersAreAsDocumented() throws Exception {
    HttpResponse<String> ok = call("/publish", HttpRequest.newBuilder(stack.baseUrl().resolve("/publish?asOf=" + published))
        .POST(HttpRequest.BodyPublishers.noBody()), 200);
    call("/publish", HttpRequest.newBuilder(stack.baseUrl().resolve("/publish")).POST(HttpRequest.BodyPublishers.noBody()), 200);
    call("/publish", HttpRequest.newBuilder(stack.baseUrl().resolve("/publish?asOf=yesterday"))
        .POST(HttpRequest.BodyPublishers.noBody()), 400);

    assertEquals(2, ((Number) JSON.std.mapFrom(ok.body()).get("snapshots")).intValue(), ok.body());
  }

  @Test
  @Order(4)
  void breakdownAnswersAreAsDocumented() throws Exception {
    String points = "/partners/111/points";

    HttpResponse<String> readModel = call(POINTS, get(points, partnerToken), 200);
    HttpResponse<String> live = call(POINTS, get(points + "?source=live", partnerToken), 200);
    call(POINTS, get(points + "?format=csv&search=acme", partnerToken), 200);
    HttpResponse<String> snapshot = call(POINTS, get(points + "?asOf=" + published.plusSeconds(3600), partnerToken), 200);
    call(POINTS, get(points + "?format=csv&asOf=" + published, partnerToken), 200);
    call(POINTS, get(points + "?asOf=" + published.minus(Duration.ofDays(1)), partnerToken), 410);
    call(POINTS, get(points + "?asOf=yesterday", partnerToken), 400);
    call(POINTS, get(points, otherToken), 403);
    call(POINTS, get("/partners/987654321/points", DemoSeed.unsignedToken(Map.of("scope", "points:admin"))), 404);

    assertEquals("readModel", JSON.std.mapFrom(readModel.body()).get("source"), "the default, on the local stack");
    assertEquals("live", JSON.std.mapFrom(live.body()).get("source"));
    assertEquals("snapshot", JSON.std.mapFrom(snapshot.body()).get("source"));
  }

  @Test
  @Order(5)
  void historyAnswersAreAsDocumented() throws Exception {
    String history = "/partners/111/history";

    HttpResponse<String> json = call(HISTORY, get(history, partnerToken), 200);
    call(HISTORY, get(history + "?format=csv", partnerToken), 200);
    call(HISTORY, get(history + "?from=2026-13-01", partnerToken), 400);
    call(HISTORY, get(history, otherToken), 403);

    assertEquals(2, ((List<?>) JSON.std.mapFrom(json.body()).get("days")).size(), "the two publications: " + json.body());
  }

  @Test
  @Order(6)
  void programViewAnswersAreAsDocumented() throws Exception {
    String admin = DemoSeed.unsignedToken(Map.of("sub", "ops", "scope", "points:admin"));

    HttpResponse<String> page = call("/partners", get("/partners?limit=1&sort=pointsNeeded", admin), 200);
    call("/partners", get("/partners?format=csv&tier=GOLD&tier=PLATINUM", admin), 200);
    call("/partners", get("/partners?limit=0", admin), 400);
    call("/partners", get("/partners", partnerToken), 403);
    HttpResponse<String> tiers = call("/partners/tiers", get("/partners/tiers", admin), 200);
    call("/partners/tiers", get("/partners/tiers?to=someday", admin), 400);
    call("/partners/tiers", get("/partners/tiers", partnerToken), 403);

    assertEquals(1, ((List<?>) JSON.std.mapFrom(page.body()).get("partners")).size(), page.body());
    assertTrue(JSON.std.mapFrom(page.body()).get("nextCursor") instanceof String, "the demo has more partners");
    assertEquals(2, ((List<?>) JSON.std.mapFrom(tiers.body()).get("days")).size(), "the two publications: " + tiers.body());
  }

  @Test
  @Order(7)
  void dashboardAndDocumentAnswersAreAsDocumented() throws Exception {
    HttpResponse<String> page = call("/", get("/", null), 200);
    HttpResponse<String> config = call("/dashboard/{file}", get("/dashboard/config.json", null), 200);
    call("/dashboard/{file}", get("/dashboard/app.js", null), 200);
    call("/dashboard/{file}", get("/dashboard/vendor/uPlot.min.css", null), 200);
    call("/dashboard/{file}", get("/dashboard/nothing.js", null), 404);
    call("/openapi.yaml", get("/openapi.yaml", null), 200);
    call("/swagger-ui", get("/swagger-ui", null), 200);

    assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("script-src 'self'"));
    assertEquals("dev", JSON.std.mapFrom(config.body()).get("signIn"), "the local stack offers the dev sign-in");
    HttpResponse<String> swaggerBundle = HTTP.send(get("/swagger-ui/swagger-ui-bundle.js", null).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, swaggerBundle.statusCode(), "Swagger UI's script, from its WebJar");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void everyOperationOfTheDocumentWasExercised() {
    Set<String> missing = new TreeSet<>(contract.operations());
    missing.removeAll(contract.checkedOperations());

    assertEquals(Set.of(), missing, "checked: " + contract.checked());
    assertTrue(contract.operations().containsAll(Set.of("POST /webhooks/hubspot", "POST /webhooks/assignments",
        "GET " + POINTS, "GET " + HISTORY, "POST /publish", "GET /")), contract.operations().toString());
  }
}
