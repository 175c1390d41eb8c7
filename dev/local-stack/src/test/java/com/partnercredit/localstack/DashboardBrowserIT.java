package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.tier.LargePortfolio;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The dashboard (docs/api.md section 8) in a real browser, Debian's Chromium driven by Selenium,
 * against the local stack seeded with the demo and 7 daily publications: the tier and totals equal
 * the API's, search and the status filter narrow the table to the API's rows, both charts drew
 * non-empty data, the CSV button downloads the API's CSV, the admin picker switches partners, the
 * page is usable from the keyboard with every control labelled, fits a phone's width, and a
 * partner with 1,000 clients shows them all (times reported, not asserted). Screenshots and the
 * measured times are saved under {@code target/browser/}.
 *
 * <p>The 1,000 clients' facts are stored in the stack's table (by their own test, after the
 * publications of the others, so that the publisher need not read them), and their page reads them through the
 * points route's own handler ({@link LargePortfolio#pointsHandler}: the caller's rights, the breakdown
 * over the stored facts, the engine, the JSON), invoked as the stack invokes a function, and their
 * history through the history route's own handler likewise; only the lookup budget is longer than
 * the routes' 3.5 s ({@link #LARGE_BUDGET}), since the emulator answers the breakdown's 2,000 Queries
 * one at a time, and the history while it does. What the stack's own route, with the real budget,
 * answers for them is measured and reported.
 *
 * <p>Without a browser it is skipped with a message, except in CI ({@code CI} set), where it fails.
 */
@ExtendWith(DynamoDbExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
  static final Path OUT = Path.of("target", "browser");
  private static final String SECRET = "browser-it-secret";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** The partner with 1,000 clients, its facts in the table (see LargePortfolio). */
  private static final long LARGE = 990_001;
  /** The lookup budget of the large partner's breakdown on the emulator (see above). */
  private static final Duration LARGE_BUDGET = Duration.ofMinutes(3);
  private static final int LARGE_CLIENTS = 1000;
  private static final int PUBLISHED_DAYS = 7;
  /** Days of snapshots of the large partner: each holds its 900 serviced clients (about 20 KB). */
  private static final int LARGE_DAYS = 3;

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;
  private static ChromeDriver driver;
  private static Path downloads;
  private static Path profile;
  private static Instant seededAt;
  private static String tableName;
  /** The partner with 1,000 clients; its facts are stored by its own test, after the publications of the others. */
  private static LargePortfolio large;
  private static final List<String> measured = new ArrayList<>();

  @BeforeAll
  static void start(TestTable table) throws Exception {
    Browser browser = Browser.requireOrSkip("DashboardBrowserIT");
    properties = new SystemPropertiesSnapshot();
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), SECRET), Emulator.shared());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    new DemoSeed(stack.baseUrl(), SECRET).seed(now);
    stack.readModel().awaitCaughtUp(Duration.ofSeconds(60)); // the default breakdown answers from the read model
    seededAt = now;
    tableName = table.name();
    large = new LargePortfolio(LARGE, LARGE_CLIENTS, now);
    try (DynamoDbClient dynamo = Emulator.shared().newDynamoDbClient()) {
      new SnapshotStore(dynamo, table.name(), new BatchWriter(dynamo, table.name())).putAll(large.snapshots(now, LARGE_DAYS));
    }

    Files.createDirectories(OUT);
    downloads = OUT.resolve("downloads-" + UUID.randomUUID().toString().substring(0, 8));
    profile = OUT.resolve("profile-" + UUID.randomUUID().toString().substring(0, 8));
    driver = browser.start(profile, downloads, 1280, 900);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
      deleteTree(profile);
      deleteTree(downloads);
    }
    if (stack != null) {
      stack.close();
      properties.restore();
    }
    if (!measured.isEmpty()) {
      Files.write(OUT.resolve("timings.txt"), measured);
      measured.forEach(line -> System.out.println("[DashboardBrowserIT] " + line));
    }
  }

  // ---- helpers ----

  /**
   * Serves {@code handler} as the stack serves a function's route: the API Gateway event built from
   * the request (its claims from the bearer token) and the answer, both through the Lambda runtime's
   * serializers.
   */
  private static LocalStack.Endpoint asFunction(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
      String routeKey, Map<String, String> pathParameters) {
    ClassLoader loader = DashboardBrowserIT.class.getClassLoader();
    PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader);
    PojoSerializer<APIGatewayV2HTTPResponse> out = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
    return (request, match) -> {
      String requestId = UUID.randomUUID().toString();
      String event = JSON.std.asString(HttpApiEvent.build(request, routeKey, pathParameters, requestId, Instant.now()));
      APIGatewayV2HTTPResponse response = handler.handleRequest(in.fromJson(event),
          new LocalContext(requestId, "TierComputationFunction", (int) LARGE_BUDGET.toSeconds(), 1024));
      java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
      out.toJson(response, json);
      return HttpApiResponse.fromFunctionResult(json.toString(StandardCharsets.UTF_8));
    };
  }

  /** The browser's profile and downloads are this run's only: nothing of them is kept. */
  static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static WebElement id(String id) {
    return driver.findElement(By.id(id));
  }

  private static void waitForState(String state) {
    new WebDriverWait(driver, WAIT).withMessage(() -> "page state " + js("return document.body.dataset.state")
            + ", message: " + id("message").getText())
        .until(d -> state.equals(js("return document.body.dataset.state")));
  }

  private static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, WAIT).withMessage(what).until(d -> condition.getAsBoolean());
  }

  private static HttpResponse<String> api(String pathAndQuery, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve(pathAndQuery))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> points(long partnerId, String query) throws Exception {
    HttpResponse<String> response = api("/partners/" + partnerId + "/points" + query,
        DemoSeed.unsignedToken(Map.of("scope", "points:admin")));
    assertEquals(200, response.statusCode(), response.body());
    return JSON.std.mapFrom(response.body());
  }

  @SuppressWarnings("unchecked")
  private static List<Long> clientIds(Map<String, Object> breakdown, String status) {
    return ((List<Map<String, Object>>) breakdown.get("clients")).stream()
        .filter(c -> status == null || status.equals(c.get("status")))
        .map(c -> ((Number) c.get("clientId")).longValue()).sorted().toList();
  }

  private static List<Long> rowIds() {
    return driver.findElements(By.cssSelector("#client-rows tr")).stream()
        .map(tr -> Long.parseLong(tr.getDomAttribute("data-client-id"))).sorted().toList();
  }

  private static String title(String tier) {
    return tier.charAt(0) + tier.substring(1).toLowerCase(Locale.ROOT);
  }

  /** The whole page (the window grown to its height), saved as {@code target/browser/<name>}. */
  private static void screenshot(String name, int width) throws IOException {
    Dimension before = driver.manage().window().getSize();
    js("window.scrollTo(0, 0); if (document.activeElement) { document.activeElement.blur(); }");
    long height = ((Number) js("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
    driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height + 90, 600), 8000)));
    js("window.dispatchEvent(new Event('resize'))");
    waitForChartsToFit("the screenshot " + name);
    Files.write(OUT.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(before);
  }

  /**
   * The page redraws its charts 100 ms after a resize: waits until each drawn chart is as wide as
   * the page makes it for its box ({@code chartWidth} in app.js) and no wider than the window.
   */
  private static void waitForChartsToFit(String what) {
    waitUntil("the charts redrawn to fit the window, for " + what, () -> Boolean.TRUE.equals(js(
        "return ['history-chart', 'expiry-chart'].every(function (id) {"
        + " var box = document.getElementById(id), canvas = box && box.querySelector('canvas');"
        + " if (!canvas) { return true; }"
        + " var width = Math.round(canvas.getBoundingClientRect().width);"
        + " return width === Math.max(260, box.clientWidth || 600) && width <= document.documentElement.clientWidth; });")));
  }

  private static void devSignIn(String partner, boolean admin) {
    driver.get(stack.baseUrl() + "/");
    js("sessionStorage.clear(); localStorage.clear();");
    driver.navigate().refresh();
    waitForState("signed-out");
    WebElement field = id("dev-partner");
    field.clear();
    field.sendKeys(partner);
    if (id("dev-admin").isSelected() != admin) {
      id("dev-admin").click();
    }
    id("dev-sign-in-button").click();
    waitForState("ready");
  }

  private static int nonBlankPixels(String chartId) {
    return ((Number) js("var c = document.querySelector('#' + arguments[0] + ' canvas'); if (!c) return 0;"
        + "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
        + "for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;", chartId)).intValue();
  }

  // ---- the checks ----

  /**
   * The README's walk-through: open the page, sign in as the demo partner (offered first), see no
   * history until the publisher runs, run it from the page, and see its first day.
   */
  @Test
  @Order(0)
  void aNewUserSignsInAsTheDemoPartnerAndSeesTheFirstDayOfHistoryAfterOnePublication() throws Exception {
    driver.get(stack.baseUrl() + "/");
    waitForState("signed-out");
    assertEquals(Long.toString(DemoSeed.DEMO_PARTNER), id("dev-partner").getDomProperty("value"),
        "the dev sign-in offers the demo partner first");
    screenshot("1-sign-in.png", 1280);

    id("dev-sign-in-button").click();
    waitForState("ready");
    boolean noHistoryYet = id("history-empty").isDisplayed();
    String emptyText = id("history-empty").getText();
    id("publish-now").click();
    waitUntil("the first day of history", () -> "1".equals(id("history-chart").getDomAttribute("data-points"))
        && "ready".equals(js("return document.body.dataset.state")));
    screenshot("0-first-publication.png", 1280);

    assertTrue(noHistoryYet, "no history before the first publication");
    assertTrue(emptyText.contains("POST /publish"), emptyText);
    assertTrue(nonBlankPixels("history-chart") > 100, "the one day is drawn");
    assertEquals("Gold", id("tier").getText());
    assertEquals(5, rowIds().size(), "the demo's clients");
    assertEquals(1, driver.findElements(By.cssSelector("#expiring-list li[data-client-id]")).size(),
        "the demo's credit ending within 7 days");
    for (int d = PUBLISHED_DAYS - 1; d >= 1; d--) { // the days before, for the next checks
      HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/publish?asOf="
          + seededAt.minus(Duration.ofDays(d)))).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, published.statusCode(), published.body());
    }
  }

  @Test
  @Order(1)
  void theDemoPartnersTierAndTotalsAreTheApis() throws Exception {
    driver.navigate().refresh();
    waitForState("ready");

    Map<String, Object> api = points(DemoSeed.DEMO_PARTNER, "");
    Map<?, ?> totals = (Map<?, ?>) api.get("points");
    Map<?, ?> next = (Map<?, ?>) api.get("nextTier");
    assertEquals(title((String) api.get("tier")), id("tier").getText());
    assertEquals(totals.get("total"), id("points-total").getText());
    assertEquals(totals.get("managed"), id("points-managed").getText());
    assertEquals(totals.get("sold"), id("points-sold").getText());
    assertEquals(title((String) next.get("tier")) + " needs " + next.get("pointsNeeded") + " more points",
        id("next-tier").getText());
    assertEquals(next.get("soldPointsNeeded"), id("next-sold").getText());
    assertEquals(next.get("managedPointsNeeded"), id("next-managed").getText());
    assertEquals(String.valueOf(next.get("qualifyingActivitiesNeeded")), id("next-activities").getText());
    assertTrue(id("partner-title").getText().startsWith("Demo Agency"), id("partner-title").getText());
    assertEquals(clientIds(api, null), rowIds(), "every client of the API in the table");
    List<String> consoleErrors = driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll()
        .stream().filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
        .map(Object::toString).toList();
    assertEquals(List.of(), consoleErrors, "no script error, no Content-Security-Policy violation");
    js("console.error('console probe')");
    assertTrue(driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .anyMatch(e -> e.getMessage().contains("console probe")), "the console is read: the check above can fail");
    assertEquals(List.of("333"), driver.findElements(By.cssSelector("#expiring-list li[data-client-id]")).stream()
        .map(li -> li.getDomAttribute("data-client-id")).toList(), "Schmidt's credit ends within 7 days");
    screenshot("2-dashboard-1280.png", 1280);
  }

  @Test
  @Order(2)
  void searchFiltersTheTableAsTheApiDoes() throws Exception {
    WebElement search = id("search");

    search.sendKeys("ACME");
    List<Long> acme = rowIds();
    search.clear();
    search.sendKeys("55");
    List<Long> byId = rowIds();
    String count = id("client-count").getText();
    search.clear();
    search.sendKeys(Keys.SPACE, Keys.BACK_SPACE); // an input event with an empty search

    assertEquals(clientIds(points(DemoSeed.DEMO_PARTNER, "?search=ACME"), null), acme);
    assertEquals(List.of(222L), acme);
    assertEquals(List.of(555L), byId);
    assertEquals("1 of 5 clients", count);
    assertEquals(5, rowIds().size(), "an empty search shows every client again");
  }

  @Test
  @Order(3)
  void theStatusFilterShowsOnlyThatStatus() throws Exception {
    Select status = new Select(id("status-filter"));
    Map<String, Object> api = points(DemoSeed.DEMO_PARTNER, "");

    status.selectByValue("SERVICED");
    List<Long> serviced = rowIds();
    List<String> statuses = driver.findElements(By.cssSelector("#client-rows tr")).stream()
        .map(tr -> tr.getDomAttribute("data-status")).distinct().toList();
    status.selectByValue("ENDED");
    List<Long> ended = rowIds();
    status.selectByValue("");

    assertEquals(clientIds(api, "SERVICED"), serviced);
    assertEquals(List.of("SERVICED"), statuses);
    assertEquals(List.of(666L), ended);
    assertEquals(clientIds(api, null), rowIds());
  }

  @Test
  @Order(4)
  void bothChartsDrewWithNonEmptyData() throws Exception {
    HttpResponse<String> history = api("/partners/" + DemoSeed.DEMO_PARTNER + "/history", DemoSeed.demoToken());
    int days = ((List<?>) JSON.std.mapFrom(history.body()).get("days")).size();

    assertEquals(PUBLISHED_DAYS, days, history.body());
    assertEquals(Integer.toString(days), id("history-chart").getDomAttribute("data-points"));
    assertEquals("91", id("expiry-chart").getDomAttribute("data-points"), "today and the next 90 days");
    @SuppressWarnings("unchecked")
    List<Object> marks = (List<Object>) js("return window.partnerCredit.expiry.projection");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> projection = (List<Map<String, Object>>) points(DemoSeed.DEMO_PARTNER, "").get("projection");
    assertEquals(projection.stream().map(p -> Double.parseDouble((String) p.get("managed"))).toList(),
        marks.stream().map(m -> ((Number) m).doubleValue()).toList(), "the breakdown's projection, as markers");
    Map<String, Object> breakdown = points(DemoSeed.DEMO_PARTNER, "");
    Instant asOf = Instant.parse((String) breakdown.get("asOf"));
    @SuppressWarnings("unchecked")
    long ending = ((List<Map<String, Object>>) breakdown.get("clients")).stream()
        .filter(c -> "SERVICED".equals(c.get("status")) && c.get("creditUntil") != null
            && !Instant.parse((String) c.get("creditUntil")).isAfter(asOf.plus(Duration.ofDays(90))))
        .count();
    assertEquals(ending, ((Number) js("return window.partnerCredit.expiry.ending")).longValue(),
        "a bar for each serviced client whose credit ends within 90 days");
    int historyPixels = nonBlankPixels("history-chart");
    int expiryPixels = nonBlankPixels("expiry-chart");
    assertTrue(historyPixels > 500, "the history chart drew " + historyPixels + " pixels");
    assertTrue(expiryPixels > 500, "the expiry chart drew " + expiryPixels + " pixels");
    assertTrue(id("expiry-chart").getDomAttribute("aria-label").contains(
        (String) ((Map<?, ?>) points(DemoSeed.DEMO_PARTNER, "").get("points")).get("managed")), "labelled with its data");
    measured.add("demo partner: history chart " + historyPixels + " painted pixels, expiry chart " + expiryPixels);
  }

  @Test
  @Order(5)
  void theCsvButtonDownloadsTheApisRows() throws Exception {
    Path file = downloads.resolve("partner-" + DemoSeed.DEMO_PARTNER + "-clients.csv");
    String all = api("/partners/" + DemoSeed.DEMO_PARTNER + "/points?format=csv", DemoSeed.demoToken()).body();
    String acme = api("/partners/" + DemoSeed.DEMO_PARTNER + "/points?format=csv&search="
        + URLEncoder.encode("acme", StandardCharsets.UTF_8), DemoSeed.demoToken()).body();

    id("download-csv").click();
    waitUntil("the CSV download", () -> Files.exists(file));
    String downloadedAll = Files.readString(file);
    Files.delete(file);
    id("search").sendKeys("acme");
    id("download-csv").click();
    waitUntil("the searched CSV download", () -> Files.exists(file));
    String downloadedAcme = Files.readString(file);
    Files.delete(file);
    id("search").clear();
    id("search").sendKeys(Keys.SPACE, Keys.BACK_SPACE);

    assertEquals(all, downloadedAll);
    assertEquals(6, all.split("\r\n").length, "a header and the 5 clients");
    assertEquals(acme, downloadedAcme);
    assertEquals(2, acme.split("\r\n").length, "a header and Acme");
  }

  @Test
  @Order(6)
  @SuppressWarnings("unchecked")
  void everyControlIsLabelledAndTheTableSortsFromTheKeyboard() throws Exception {
    long unlabelled = ((Number) js("return Array.from(document.querySelectorAll('input, select, textarea'))"
        + ".filter(e => !(e.labels && e.labels.length) && !e.getDomAttribute('aria-label')).length")).longValue();
    long unnamedButtons = ((Number) js("return Array.from(document.querySelectorAll('button'))"
        + ".filter(b => !b.textContent.trim() && !b.getDomAttribute('aria-label')).length")).longValue();
    List<String> reached = new ArrayList<>();
    driver.findElement(By.tagName("body")).click();
    for (int i = 0; i < 40; i++) {
      driver.switchTo().activeElement().sendKeys(Keys.TAB);
      WebElement focused = driver.switchTo().activeElement();
      String name = focused.getDomAttribute("id") != null && !focused.getDomAttribute("id").isEmpty()
          ? focused.getDomAttribute("id") : focused.getDomAttribute("data-sort");
      reached.add(name);
      if ("managedPoints".equals(name)) {
        break;
      }
    }
    WebElement sortButton = driver.switchTo().activeElement();
    sortButton.sendKeys(Keys.ENTER);
    String ascending = id("client-table").findElement(By.cssSelector("th[data-key=managedPoints]")).getDomAttribute("aria-sort");
    List<String> firstOrder = driver.findElements(By.cssSelector("#client-rows tr")).stream()
        .map(tr -> tr.getDomAttribute("data-client-id")).toList();
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    String descending = id("client-table").findElement(By.cssSelector("th[data-key=managedPoints]")).getDomAttribute("aria-sort");
    String outline = (String) js("return getComputedStyle(document.activeElement).outlineStyle");

    assertEquals(0, unlabelled, "every input and select has a label");
    assertEquals(0, unnamedButtons, "every button says what it does");
    assertTrue(reached.containsAll(List.of("search", "status-filter", "download-csv", "managedPoints")),
        "reached with Tab: " + reached);
    assertEquals("ascending", ascending);
    assertEquals("descending", descending);
    List<String> byPoints = ((List<Map<String, Object>>) points(DemoSeed.DEMO_PARTNER, "").get("clients")).stream()
        .sorted(java.util.Comparator.comparing((Map<String, Object> c) -> new java.math.BigDecimal((String) c.get("managedPoints")))
            .thenComparing(c -> ((String) c.get("name")).toLowerCase(Locale.ROOT)))
        .map(c -> String.valueOf(c.get("clientId"))).toList();
    assertEquals(byPoints, firstOrder, "the fewest managed points first, ties by name");
    assertFalse("none".equals(outline), "the focused control shows where the focus is");
  }

  @Test
  @Order(7)
  void itFitsAPhoneAndALaptop() throws Exception {
    driver.manage().window().setSize(new Dimension(390, 844));
    js("window.dispatchEvent(new Event('resize'))");
    waitForChartsToFit("a phone");
    long phoneOverflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
    String rowDisplay = (String) js("return getComputedStyle(document.querySelector('#client-rows tr')).display");
    String cellLabel = (String) js("return getComputedStyle(document.querySelector('#client-rows td'), '::before').content");
    long chartWidth = ((Number) js("return document.querySelector('#history-chart canvas').getBoundingClientRect().width")).longValue();
    screenshot("3-dashboard-phone.png", 390);
    driver.manage().window().setSize(new Dimension(1280, 900));
    js("window.dispatchEvent(new Event('resize'))");
    waitForChartsToFit("a laptop");
    long laptopOverflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();

    assertTrue(phoneOverflow <= 0, "no sideways scrolling at 390 px: " + phoneOverflow + " px too wide");
    assertEquals("block", rowDisplay, "client rows become cards");
    assertEquals("\"Client\"", cellLabel, "each cell says what it is");
    assertTrue(chartWidth <= 390, "the chart fits: " + chartWidth);
    assertTrue(laptopOverflow <= 0, "no sideways scrolling at 1280 px: " + laptopOverflow);
  }

  @Test
  @Order(8)
  void theAdminPickerSwitchesPartners() throws Exception {
    devSignIn(Long.toString(DemoSeed.DEMO_PARTNER), true);
    assertTrue(id("picker").isDisplayed(), "an admin gets the picker");
    assertTrue(id("partner-title").getText().startsWith("Demo Agency"));

    WebElement partner = id("partner-input");
    partner.clear();
    partner.sendKeys(Long.toString(DemoSeed.OTHER_PARTNER), Keys.ENTER);
    waitUntil("Northwind's page", () -> id("partner-title").getText().startsWith("Northwind Partners")
        && "ready".equals(js("return document.body.dataset.state")));

    Map<String, Object> api = points(DemoSeed.OTHER_PARTNER, "");
    assertEquals(title((String) api.get("tier")), id("tier").getText());
    assertEquals(((Map<?, ?>) api.get("points")).get("total"), id("points-total").getText());
    assertEquals(clientIds(api, null), rowIds());
    assertTrue(driver.getCurrentUrl().endsWith("#partner=" + DemoSeed.OTHER_PARTNER), driver.getCurrentUrl());
    screenshot("4-admin-picker-112.png", 1280);

    // issue 21: the partners shown and their names last as long as the tab, never on the device
    assertEquals("Northwind Partners", js("return sessionStorage.getItem('partner-credit.partners."
        + DemoSeed.OTHER_PARTNER + "')"));
    assertEquals(0L, ((Number) js("return localStorage.length")).longValue(), "nothing kept in localStorage");
    js("localStorage.setItem('partner-credit.partners', '[" + DemoSeed.OTHER_PARTNER + "]');"
        + "localStorage.setItem('partner-credit.partners." + DemoSeed.OTHER_PARTNER + "', 'Northwind Partners');");
    driver.navigate().refresh();
    waitForState("ready");
    assertEquals(0L, ((Number) js("return localStorage.length")).longValue(),
        "what an earlier version kept in localStorage is removed when the page starts");
  }

  @Test
  @Order(9)
  void aPartnerWithAThousandClientsShowsThemAll() throws Exception {
    try (DynamoDbClient dynamo = Emulator.shared().newDynamoDbClient()) {
      large.store(new StoredFacts(dynamo, tableName));
    }
    long started = System.nanoTime();
    HttpResponse<String> realBudget = api("/partners/" + LARGE + "/points", DemoSeed.unsignedToken(Map.of("scope", "points:admin")));
    measured.add(String.format(Locale.ROOT, "1,000 clients: the stack's own route, with its 3.5 s budget, answered %d in %d ms",
        realBudget.statusCode(), (System.nanoTime() - started) / 1_000_000));
    DynamoDbClient dynamo = Emulator.shared().newDynamoDbClient();
    Map<String, String> partner = Map.of("partnerId", Long.toString(LARGE));
    stack.addRoute("GET", "/partners/" + LARGE + "/points", asFunction(
        LargePortfolio.pointsHandler(dynamo, tableName, LARGE_BUDGET), "GET /partners/{partnerId}/points", partner));
    stack.addRoute("GET", "/partners/" + LARGE + "/history", asFunction(
        LargePortfolio.historyHandler(dynamo, tableName, LARGE_BUDGET), "GET /partners/{partnerId}/history", partner));

    driver.get(stack.baseUrl() + "/#partner=" + LARGE); // the admin of the previous test is still signed in
    driver.navigate().refresh();
    new WebDriverWait(driver, LARGE_BUDGET).withMessage("the 1,000 clients")
        .until(d -> "ready".equals(js("return document.body.dataset.state"))
            && driver.findElements(By.cssSelector("#client-rows tr")).size() == LARGE_CLIENTS);
    Map<?, ?> timings = (Map<?, ?>) js("return window.partnerCredit.timings");
    double searchMs = ((Number) js("var s = document.getElementById('search'), t = performance.now();"
        + "s.value = 'acme'; s.dispatchEvent(new Event('input')); return performance.now() - t;")).doubleValue();
    int acmeRows = driver.findElements(By.cssSelector("#client-rows tr")).size();
    double clearMs = ((Number) js("var s = document.getElementById('search'), t = performance.now();"
        + "s.value = ''; s.dispatchEvent(new Event('input')); return performance.now() - t;")).doubleValue();
    double sortMs = ((Number) js("var b = document.querySelector('button[data-sort=creditUntil]'), t = performance.now();"
        + "b.click(); return performance.now() - t;")).doubleValue();
    double filterMs = ((Number) js("var s = document.getElementById('status-filter'), t = performance.now();"
        + "s.value = 'SERVICED'; s.dispatchEvent(new Event('change')); return performance.now() - t;")).doubleValue();
    int servicedRows = driver.findElements(By.cssSelector("#client-rows tr")).size();
    js("var s = document.getElementById('status-filter'); s.value = ''; s.dispatchEvent(new Event('change'));");
    Files.write(OUT.resolve("5-thousand-clients.png"), driver.getScreenshotAs(OutputType.BYTES));

    String admin = DemoSeed.unsignedToken(Map.of("scope", "points:admin"));
    Map<String, Object> api = JSON.std.mapFrom(api("/partners/" + LARGE + "/points", admin).body());
    long historyStarted = System.nanoTime();
    HttpResponse<String> history = api("/partners/" + LARGE + "/history", admin);
    long historyMs = (System.nanoTime() - historyStarted) / 1_000_000;
    assertEquals(LARGE_CLIENTS, ((Number) timings.get("clients")).intValue());
    assertEquals(clientIds(api, null).stream().filter(id -> id % 10_000 % 9 == 0).count(), acmeRows,
        "every ninth client is an Acme");
    assertEquals(clientIds(api, "SERVICED").size(), servicedRows);
    assertEquals(Integer.toString(LARGE_DAYS), id("history-chart").getDomAttribute("data-points"));
    assertEquals(200, history.statusCode());
    measured.add(String.format(Locale.ROOT, "1,000 clients: usable %s ms after navigation (breakdown fetched in %s ms,"
        + " rendered in %s ms); history chart drawn %s ms after the load began; search %.1f ms, clear %.1f ms,"
        + " sort %.1f ms, status filter %.1f ms; breakdown JSON %d bytes; history route (3 snapshots of 900 clients) %d ms and %d bytes"
        + " from the emulator", timings.get("sinceNavigationMs"), timings.get("fetchMs"), timings.get("renderMs"),
        timings.get("historyMs"), searchMs, clearMs, sortMs, filterMs, JSON.std.asString(api).length(), historyMs,
        history.body().length()));
  }

  @Test
  @Order(10)
  void swaggerUiShowsEveryOperationOfTheDocument() throws Exception {
    int operations = OpenApiContract.load().operations().size();

    driver.get(stack.baseUrl() + "/swagger-ui");
    waitUntil("Swagger UI's operations", () -> driver.findElements(By.cssSelector(".opblock")).size() == operations);
    String title = driver.findElement(By.cssSelector(".info .title")).getText();
    boolean errors = !driver.findElements(By.cssSelector(".errors-wrapper")).isEmpty();
    screenshot("7-swagger-ui.png", 1280);

    assertTrue(title.startsWith("partner-credit"), title);
    assertFalse(errors, "Swagger UI reports no error in the document");
  }
}
