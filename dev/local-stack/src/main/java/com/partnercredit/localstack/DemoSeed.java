package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stack's demo data, sent as HubSpot would send it: signed requests to the stack's own
 * {@code POST /webhooks/assignments} (docs/api.md section 3) and {@code POST /webhooks/hubspot}
 * (section 2). Times are relative to {@code now}, because activities older than 60 days are expired.
 *
 * <p>Two partners: {@value #DEMO_PARTNER} "Demo Agency" (agency.com) and 112 "Northwind Partners"
 * (northwind.io). Demo Agency's clients:
 *
 * <ul>
 *   <li>222 Acme Inc (USD 1000.00): serviced by both partners, 500.00 each; Demo Agency also sold it
 *       a SOURCED deal of USD 500.00 (25 sold points);
 *   <li>333 Brauerei Schmidt GmbH (EUR 750.00): carol's activity 55 days ago, so its credit ends in
 *       5 days;
 *   <li>444 Sakura KK (JPY 1,200,000): bob (freelance.io, linked manually) was active before he was
 *       linked: NOT_ASSIGNED_AT_ACTIVITY;
 *   <li>555 Kyoto Design (JPY 144,000): serviced by alice, 10.00 points;
 *   <li>666 Globex Ltd (USD 2000.00): alice was active, then removed from the account: ENDED.
 * </ul>
 *
 * <p>Event ids are fixed, so seeding the same emulator again changes no fact (replays are duplicates).
 */
public final class DemoSeed {
  public static final long DEMO_PARTNER = 111;
  public static final long OTHER_PARTNER = 112;

  private static final Duration DAY = Duration.ofDays(1);

  private final URI baseUrl;
  private final URI signedAs;
  private final ClientSecret secret;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public DemoSeed(URI baseUrl, String secret) {
    this(baseUrl, baseUrl, secret);
  }

  /**
   * @param baseUrl where the requests go
   * @param signedAs the public base URL the routes check signatures against
   */
  public DemoSeed(URI baseUrl, URI signedAs, String secret) {
    this.baseUrl = baseUrl;
    this.signedAs = signedAs;
    this.secret = new ClientSecret(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the demo; returns one line per request with what the route answered. */
  public List<String> seed(Instant now) throws IOException, InterruptedException {
    List<String> done = new ArrayList<>();
    String stored = signedPost("/webhooks/assignments", JSON.std.asString(assignments(now)));
    Object rejected = JSON.std.mapFrom(stored).get("rejected");
    if (rejected instanceof List<?> list && !list.isEmpty()) {
      throw new IOException("/webhooks/assignments rejected demo events: " + list);
    }
    done.add("POST /webhooks/assignments " + stored);
    done.add("POST /webhooks/hubspot     " + signedPost("/webhooks/hubspot", JSON.std.asString(activities(now))));
    return done;
  }

  /** The facts of docs/api.md section 3, in the order an account would see them. */
  static List<Map<String, Object>> assignments(Instant now) {
    Events e = new Events(now);
    e.system("PARTNER_REGISTERED", 120, "partnerId", DEMO_PARTNER, "name", "Demo Agency",
        "domains", List.of("agency.com"), "growthMarket", false);
    e.system("PARTNER_REGISTERED", 120, "partnerId", OTHER_PARTNER, "name", "Northwind Partners",
        "domains", List.of("northwind.io"), "growthMarket", false);
    e.admin(DEMO_PARTNER, "EMPLOYEE_ADDED", 100, "partnerId", DEMO_PARTNER, "employeeId", 901, "email", "alice@agency.com");
    e.admin(DEMO_PARTNER, "EMPLOYEE_ADDED", 100, "partnerId", DEMO_PARTNER, "employeeId", 902, "email", "bob@freelance.io");
    e.admin(DEMO_PARTNER, "EMPLOYEE_ADDED", 100, "partnerId", DEMO_PARTNER, "employeeId", 903, "email", "carol@agency.com");
    e.admin(OTHER_PARTNER, "EMPLOYEE_ADDED", 100, "partnerId", OTHER_PARTNER, "employeeId", 951, "email", "dave@northwind.io");

    e.client(222, "Acme Inc", "acme.com", "USD", "1000.00");
    e.user(222, 5551, "alice@agency.com", 80);
    e.user(222, 5552, "dave@northwind.io", 80);
    e.system("DEAL_SOLD", 30, "partnerId", DEMO_PARTNER, "clientId", 222, "mrr", "500.00", "currency", "USD",
        "kind", "SOURCED");

    e.client(333, "Brauerei Schmidt GmbH", "schmidt.de", "EUR", "750.00");
    e.user(333, 6661, "carol@agency.com", 80);

    e.client(444, "Sakura KK", "sakura.jp", "JPY", "1200000");
    e.user(444, 7771, "bob@freelance.io", 20);
    e.admin(DEMO_PARTNER, "CLIENT_LINKED", 12, "partnerId", DEMO_PARTNER, "employeeId", 902, "clientId", 444);

    e.client(555, "Kyoto Design", "kyoto-design.jp", "JPY", "144000");
    e.user(555, 8881, "alice@agency.com", 80);

    e.client(666, "Globex Ltd", "globex.com", "USD", "2000.00");
    e.user(666, 9991, "alice@agency.com", 80);
    e.system("CLIENT_USER_REMOVED", 20, "clientId", 666, "userId", 9991);
    return e.events;
  }

  /** HubSpot activity webhooks (docs/api.md section 2): what the client users did, and when. */
  static List<Map<String, Object>> activities(Instant now) {
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(activity(now, 1, 222, 5551, "contact.creation", 3));
    events.add(activity(now, 2, 222, 5552, "deal.propertyChange", 5));
    events.add(activity(now, 3, 333, 6661, "blog_post.published", 55));
    events.add(activity(now, 4, 444, 7771, "landing_page.published", 15)); // before bob was linked (12 days ago)
    events.add(activity(now, 5, 555, 8881, "workflow.created", 1));
    events.add(activity(now, 6, 666, 9991, "contact.creation", 30)); // before alice was removed (20 days ago)
    events.add(activity(now, 7, 222, 5551, "user.login", 0)); // logging in never qualifies
    return events;
  }

  private static Map<String, Object> activity(Instant now, long n, long clientId, long userId, String type, int daysAgo) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("eventId", 7_000_000 + n);
    event.put("subscriptionId", 42);
    event.put("portalId", clientId);
    event.put("appId", 7);
    event.put("occurredAt", now.minus(DAY.multipliedBy(daysAgo)).toEpochMilli());
    event.put("subscriptionType", type);
    event.put("attemptNumber", 0);
    event.put("objectId", 5000 + n);
    event.put("changeSource", "CRM_UI");
    event.put("sourceId", "userId:" + userId);
    return event;
  }

  /** An unsigned JWT (alg none) with these claims: enough for the local stack, which does not verify. */
  public static String unsignedToken(Map<String, Object> claims) throws IOException {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(JSON.std.asString(claims).getBytes(StandardCharsets.UTF_8)) + ".";
  }

  /** The demo partner's token: {@code partner_id} 111. */
  public static String demoToken() throws IOException {
    return unsignedToken(Map.of("sub", "alice@agency.com", "partner_id", Long.toString(DEMO_PARTNER)));
  }

  /** POSTs {@code body} to the stack, signed as HubSpot signs (docs/api.md section 1); fails unless 200. */
  String signedPost(String path, String body) throws IOException, InterruptedException {
    long timestamp = System.currentTimeMillis();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(baseUrl.resolve(path))
        .header("Content-Type", "application/json")
        .header("X-HubSpot-Request-Timestamp", Long.toString(timestamp))
        .header("X-HubSpot-Signature-v3", SignatureV3.sign(secret, "POST", signedAs + path, body, timestamp))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** Builds the section 3 events with fixed ids and times relative to now. */
  private static final class Events {
    final List<Map<String, Object>> events = new ArrayList<>();
    private final Instant now;

    Events(Instant now) {
      this.now = now;
    }

    void system(String type, int daysAgo, Object... fields) {
      add(type, daysAgo, Map.of("role", "SYSTEM"), fields);
    }

    void admin(long partnerId, String type, int daysAgo, Object... fields) {
      add(type, daysAgo, Map.of("partnerId", partnerId, "userId", 900, "role", "PARTNER_ADMIN"), fields);
    }

    void client(long clientId, String name, String domain, String currency, String mrr) {
      system("CLIENT_UPSERTED", 90, "clientId", clientId, "name", name, "domain", domain, "currency", currency);
      system("SUBSCRIPTION_CHANGED", 90, "clientId", clientId, "mrr", mrr, "currency", currency);
    }

    void user(long clientId, long userId, String email, int daysAgo) {
      system("CLIENT_USER_ADDED", daysAgo, "clientId", clientId, "userId", userId, "email", email);
    }

    private void add(String type, int daysAgo, Map<String, Object> actor, Object... fields) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("eventId", "demo-" + (events.size() + 1));
      event.put("type", type);
      event.put("occurredAt", now.minus(DAY.multipliedBy(daysAgo)).toEpochMilli());
      event.put("actor", actor);
      for (int i = 0; i < fields.length; i += 2) {
        event.put((String) fields[i], fields[i + 1]);
      }
      events.add(event);
    }
  }
}
