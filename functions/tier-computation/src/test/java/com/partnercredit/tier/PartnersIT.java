package com.partnercredit.tier;

import static com.partnercredit.tier.PointsRequests.adminClaims;
import static com.partnercredit.tier.PointsRequests.partnerClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.Scenario;
import com.partnercredit.domain.Tier;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;

import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.ItemBytes;
import com.partnercredit.testsupport.RequestCounter;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /partners} through its handler, on the emulator: the admin right, named bad
 * parameters, paging that gives every partner once, figures equal to each partner's breakdown,
 * the change since the day before, CSV cells neutralised, and the requests a page costs.
 */
class PartnersIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private final RequestCounter counter = new RequestCounter();
  private DynamoDbClient counted;
  private StoredFacts stored;
  private ReadModelStore readModel;
  private ReadModelUpdate update;
  private SnapshotStore snapshots;
  private PartnersHandler handler;
  private PointsHandler points;
  /** A word in every name of this test's partners, so that a search finds only them. */
  private String marker;

  @BeforeEach
  void setUp() throws Exception {
    Clock clock = Clock.systemUTC();
    String table = DYNAMO.tableName();
    counted = Emulator.shared().newDynamoDbClient(counter);
    stored = new StoredFacts(DYNAMO.client(), table);
    FactStore facts = new FactStore(DYNAMO.client(), table, clock);
    readModel = new ReadModelStore(DYNAMO.client(), table);
    update = new ReadModelUpdate(facts, readModel, PointsRequests.ENGINE, clock);
    snapshots = new SnapshotStore(DYNAMO.client(), table, new BatchWriter(DYNAMO.client(), table));
    ProgramView view = new ProgramView(new ReadModelStore(counted, table),
        new SnapshotStore(counted, table, new BatchWriter(counted, table)), PointsRequests.ENGINE);
    handler = new PartnersHandler(view, clock, Duration.ofMinutes(2), measurement -> {});
    points = new PointsHandler(new PointsBreakdown(facts, readModel, PointsRequests.ENGINE, snapshots),
        clock, Duration.ofMinutes(2), measurement -> {});
    marker = "m" + StoredFacts.newId();
    readModel.progress("stream", NOW, NOW);
  }

  private static Instant daysAgo(double days) {
    return NOW.minus(Duration.ofMinutes(Math.round(days * 24 * 60)));
  }

  /** A partner with {@code clients} clients its employee works on, the last activity {@code lastDaysAgo} days ago. */
  private long partner(String name, int clients, double lastDaysAgo, boolean deal) throws Exception {
    long partner = StoredFacts.newId();
    String email = "alice@agency" + partner + ".com";
    Scenario facts = StoredFacts.scenario()
        .partner(partner, name + " " + marker, "agency" + partner + ".com", daysAgo(80))
        .employeeAdded(partner, 901, email, daysAgo(80));
    for (int c = 0; c < clients; c++) {
      long client = StoredFacts.newId();
      facts.client(client, "Client " + client, c % 2 == 0 ? "USD" : "EUR", (1000 + 250 * c) + ".00", daysAgo(70))
          .userAdded(client, 5, email, daysAgo(70))
          .activity(client, 5, daysAgo(lastDaysAgo + c));
    }
    if (deal) {
      facts.dealSold(partner, StoredFacts.newId(), "2000.00", "USD", DealKind.SOURCED, daysAgo(20));
    }
    stored.store(facts);
    assertEquals(List.of(), update.apply(ReadModelPointsIT.changesOf(facts.facts())).failed());
    return partner;
  }

  private static APIGatewayV2HTTPEvent get(String path, Map<String, String> query, Map<String, String> claims) {
    String raw = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("GET " + path)
        .withRawPath(path)
        .withRawQueryString(raw)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withHeaders(Map.of("authorization", "Bearer <verified by the authorizer>"))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
            .withAuthorizer(claims == null ? null : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                .build())
            .build())
        .build();
  }

  private APIGatewayV2HTTPResponse list(Map<String, String> query, Map<String, String> claims) {
    return handler.handleRequest(get("/partners", query, claims), null);
  }

  private Map<String, Object> page(Map<String, String> query) throws Exception {
    APIGatewayV2HTTPResponse response = list(query, adminClaims());
    assertEquals(200, response.getStatusCode(), response.getBody());
    return JSON.std.mapFrom(response.getBody());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("partners");
  }

  @Test
  void withoutTheAdminScopeNothingIsListedOrRead() throws Exception {
    long partner = partner("Solo", 1, 1, false);
    counter.clear();
    for (Map<String, String> claims : List.of(partnerClaims(partner), Map.of("sub", "x", "scope", "points:read"))) {
      APIGatewayV2HTTPResponse response = list(Map.of(), claims);
      assertEquals(403, response.getStatusCode(), response.getBody());
      assertTrue(response.getBody().contains("points:admin"), response.getBody());
    }
    assertEquals(403, list(Map.of(), null).getStatusCode(), "no claims at all");
    assertEquals(403, handler.handleRequest(get("/partners/tiers", Map.of(), partnerClaims(partner)), null)
        .getStatusCode());
    assertEquals(0, counter.total(), "a refusal reads nothing: " + counter);
  }

  @Test
  void eachRequestWritesOneMeasurementOfItsRoute() throws Exception {
    partner("Measured", 1, 1, false);
    List<String> emf = new ArrayList<>();
    PartnersHandler measured = new PartnersHandler(new ProgramView(readModel, snapshots, PointsRequests.ENGINE),
        Clock.systemUTC(), Duration.ofMinutes(2), new EmfMetrics("PartnerCredit/metrics-it", emf::add, Clock.systemUTC()));

    assertEquals(200, measured.handleRequest(get("/partners", Map.of("search", marker), adminClaims()), null)
        .getStatusCode());
    assertEquals(200, measured.handleRequest(get("/partners/tiers", Map.of(), adminClaims()), null).getStatusCode());
    assertEquals(403, measured.handleRequest(get("/partners", Map.of(), null), null).getStatusCode());

    List<Map<String, Object>> docs = new ArrayList<>();
    for (String line : emf) {
      docs.add(JSON.std.mapFrom(line));
    }
    assertEquals(3, docs.size(), emf.toString());
    assertEquals(List.of(), EmfSpec.violations(docs.get(0)), docs.get(0).toString());
    assertEquals(List.of("GET /partners", "GET /partners/tiers", "GET /partners"),
        docs.stream().map(d -> d.get("Route")).toList());
    assertEquals(List.of("ok", "ok", "forbidden"), docs.stream().map(d -> d.get("outcome")).toList());
    assertEquals(1, docs.get(0).get("PartnersListed"));
    assertTrue(docs.get(0).containsKey("DynamoDbRequests"));
  }

  @Test
  void aBadParameterIsRefusedByNameBeforeAnythingIsRead() throws Exception {
    counter.clear();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("limit", "501");
    bad.put("tier", "BRONZE");
    bad.put("sort", "size");
    bad.put("cursor", "not-a-cursor");
    bad.put("format", "pdf");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      APIGatewayV2HTTPResponse response = list(Map.of(e.getKey(), e.getValue()), adminClaims());
      assertEquals(400, response.getStatusCode(), e + ": " + response.getBody());
      assertTrue(JSON.std.mapFrom(response.getBody()).get("message").toString().startsWith(e.getKey()),
          e + ": " + response.getBody());
    }
    APIGatewayV2HTTPResponse range = handler.handleRequest(
        get("/partners/tiers", Map.of("from", "2026-13-01"), adminClaims()), null);
    assertEquals(400, range.getStatusCode(), range.getBody());
    assertEquals(0, counter.total(), counter.toString());
  }

  @Test
  void eachPartnersFiguresEqualItsBreakdownsAndTheChangeIsSinceYesterdaysPublication() throws Exception {
    List<Long> partners = new ArrayList<>();
    partners.add(partner("Ample", 12, 1, true));
    partners.add(partner("Brisk", 3, 2, false));
    partners.add(partner("Cobalt", 2, 59.99, false)); // credit runs out a few minutes from now
    partners.add(partner("Dormant", 2, 65, false)); // expired: known, nothing serviced
    partners.add(partner("Eager", 0, 0, true)); // sold points only
    SortedMapOfYesterday yesterday = new SortedMapOfYesterday();
    yesterday.put(partners.get(0), Tier.PROVIDER, "1.25");
    yesterday.put(partners.get(1), Tier.GOLD, "99.99");
    snapshots.putProgramBucket(LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(1), NOW.minus(Duration.ofDays(1)),
        0, 1, yesterday.figures);

    Map<String, Object> page = page(Map.of("search", marker, "limit", "500"));

    List<Map<String, Object>> rows = rows(page);
    assertEquals(partners.size(), rows.size(), rows.toString());
    Instant asOf = Instant.parse(page.get("asOf").toString());
    assertEquals(asOf.truncatedTo(ChronoUnit.MILLIS), asOf, "in milliseconds, as the breakdown's default");
    assertEquals(NOW.toString(), page.get("changesUntil"));
    for (Map<String, Object> row : rows) {
      long partner = ((Number) row.get("partnerId")).longValue();
      APIGatewayV2HTTPResponse live = points.handleRequest(PointsRequests.get(Long.toString(partner),
          Map.of("asOf", asOf.toString(), "source", "live"), Map.of(), adminClaims()), null);
      Map<String, Object> breakdown = JSON.std.mapFrom(live.getBody());
      assertEquals(breakdown.get("tier"), row.get("tier"), row.toString());
      assertEquals(breakdown.get("points"), row.get("points"), row.toString());
      Map<?, ?> next = (Map<?, ?>) breakdown.get("nextTier");
      assertEquals(next == null ? null : Map.of("tier", next.get("tier"), "pointsNeeded", next.get("pointsNeeded")),
          row.get("nextTier"), row.toString());
      assertEquals(((Number) breakdown.get("servicedClients")).longValue(), ((Number) row.get("clientsServiced")).longValue(),
          row.toString());
      assertEquals(breakdown.get("name"), row.get("name"));
      String total = ((Map<?, ?>) row.get("points")).get("total").toString();
      SnapshotStore.DayFigures before = yesterday.figures.get(partner);
      if (before == null) {
        assertNull(row.get("change"), row.toString());
      } else {
        assertEquals(Map.of("total", new BigDecimal(total).subtract(before.total()).toPlainString(),
            "tier", before.tier().name()), row.get("change"), row.toString());
      }
    }
    assertTrue(rows.stream().anyMatch(r -> r.get("nextTier") != null));
  }

  /** The previous day's published figures, as the publisher's program record keeps them. */
  private static final class SortedMapOfYesterday {
    final java.util.SortedMap<Long, SnapshotStore.DayFigures> figures = new TreeMap<>();

    void put(long partner, Tier tier, String total) {
      figures.put(partner, new SnapshotStore.DayFigures(tier, new BigDecimal(total)));
    }
  }

  @Test
  void pagingGivesEveryPartnerOnceInEachSortEvenWhenPartnersAreAddedBetweenPages() throws Exception {
    Random random = new Random(7);
    List<Long> first = new ArrayList<>();
    for (int p = 0; p < 9; p++) {
      first.add(partner("P" + random.nextInt(1000), random.nextInt(4), random.nextInt(70), random.nextBoolean()));
    }
    for (String sort : List.of("-total", "total", "name", "pointsNeeded")) {
      List<Long> seen = new ArrayList<>();
      Set<Long> added = new HashSet<>();
      String cursor = null;
      int pages = 0;
      do {
        Map<String, String> query = new LinkedHashMap<>(Map.of("search", marker, "sort", sort, "limit", "4"));
        if (cursor != null) {
          query.put("cursor", cursor);
        }
        Map<String, Object> page = page(query);
        rows(page).forEach(r -> seen.add(((Number) r.get("partnerId")).longValue()));
        cursor = (String) page.get("nextCursor");
        if (pages++ == 0) {
          added.add(partner("Zz late " + sort, 1, 1, false)); // sorts after the first page by name
          added.add(partner("Aa late " + sort, 0, 0, false)); // by name before it: not on a later page
        }
      } while (cursor != null);
      assertEquals(seen.size(), new HashSet<>(seen).size(), sort + ": a partner twice: " + seen);
      assertTrue(seen.containsAll(first), sort + ": every partner listed before the first page: " + seen);
      first.addAll(added);
      if (sort.equals("name")) {
        assertTrue(seen.stream().anyMatch(added::contains), "the partner added after the cursor: " + seen);
      }
    }
  }

  @Test
  void csvCellsThatASpreadsheetWouldRunAreNeutralised() throws Exception {
    partner("=HYPERLINK(\"http://x\")", 1, 1, false);
    partner("+1 agency", 0, 0, true);
    partner("@SUM(A1)", 1, 3, false);

    APIGatewayV2HTTPResponse response = list(Map.of("search", marker, "format", "csv", "sort", "name"), adminClaims());

    assertEquals(200, response.getStatusCode(), response.getBody());
    String[] lines = response.getBody().split("\r\n");
    assertEquals(String.join(",", PartnersFormats.COLUMNS), lines[0]);
    assertEquals(4, lines.length, response.getBody());
    List<String> names = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String cell = lines[i].split(",")[1];
      names.add(cell);
      assertTrue(cell.startsWith("'") || cell.startsWith("\"'"), lines[i]);
    }
    assertEquals("'+1 agency " + marker, names.get(0));
  }

  @Test
  void aPageAndTheCsvCostAtMostThreeRequestsPlusOnePerMegabyteRead() throws Exception {
    for (int p = 0; p < 6; p++) {
      partner("Budget" + p, p, p, p % 2 == 0);
    }
    long bytes = 0;
    for (String pk : List.of(Keys.READ_MODEL_PROGRESS, Keys.STANDINGS,
        Keys.programDay(LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(1)))) {
      bytes += ItemBytes.ofPartition(DYNAMO.client(), DYNAMO.tableName(), pk);
    }
    long bound = 3 + (bytes + (1 << 20) - 1) / (1 << 20);
    for (Map<String, String> query : List.of(Map.of("limit", "2"), Map.of("format", "csv"),
        Map.of("sort", "pointsNeeded", "tier", "PROVIDER,GOLD"))) {
      counter.clear();
      assertEquals(200, list(query, adminClaims()).getStatusCode());
      System.out.printf("[program view] %s: %s for %,d bytes of items%n", query, counter, bytes);
      assertTrue(counter.total() >= 3, "progress, standings and yesterday's record are read: " + counter);
      assertTrue(counter.total() <= bound, counter + " against " + bound);
    }
  }
}
