package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's program view (docs/api.md section 8) in Chromium, as {@link DashboardBrowserIT}
 * runs it: the demo and five more named partners seeded through the signed webhooks, five daily
 * publications, then an administrator searches, filters, sorts and opens partners, finds one by
 * name in the picker, and sees the tier chart; a partner's sign-in gets no list and asks for none.
 * The list and the chart come from the stack's own {@code GET /partners} and {@code GET /partners/tiers}.
 * Screenshots go to {@code target/browser/}.
 */
@ExtendWith(DynamoDbExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgramViewBrowserIT {
  private static final Path OUT = DashboardBrowserIT.OUT;
  private static final String SECRET = "program-it-secret";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PUBLISHED_DAYS = 5;
  /** The demo's two partners and the five seeded here. */
  private static final List<Long> PARTNERS = List.of(111L, 112L, 201L, 202L, 203L, 204L, 205L);
  /** Requests the page made to the admin routes (the list or the tiers), by URL. */
  private static final String ADMIN_ROUTES = "/partners(/tiers)?([?#]|$)";
  private static final Pattern ISO_INSTANT =
      Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})");
  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;
  private static ChromeDriver driver;
  private static Path downloads;
  private static Path profile;
  private static String admin;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    Browser browser = Browser.requireOrSkip("ProgramViewBrowserIT");
    properties = new SystemPropertiesSnapshot();
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), SECRET), Emulator.shared());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    DemoSeed seed = new DemoSeed(stack.baseUrl(), SECRET);
    seed.seed(now);
    Object rejected = JSON.std.mapFrom(seed.signedPost("/webhooks/assignments", JSON.std.asString(assignments(now))))
        .get("rejected");
    assertEquals(List.of(), rejected == null ? List.of() : rejected, "every seeded assignment stored");
    seed.signedPost("/webhooks/hubspot", JSON.std.asString(activities(now)));
    stack.readModel().awaitCaughtUp(Duration.ofSeconds(60));
    for (int d = PUBLISHED_DAYS - 1; d >= 0; d--) {
      HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/publish?asOf="
          + now.minus(Duration.ofDays(d)))).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, published.statusCode(), published.body());
    }
    admin = DemoSeed.unsignedToken(Map.of("sub", "program-admin", "scope", "points:admin"));

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
      DashboardBrowserIT.deleteTree(profile);
      DashboardBrowserIT.deleteTree(downloads);
    }
    if (stack != null) {
      stack.close();
      properties.restore();
    }
  }

  // ---- the seed: five named partners, one client each (two for Summit), through the webhooks ----

  /**
   * Managed points only, USD 100 = 1 point, except Blue Fjord's sold deal (USD 600 sourced = 30 sold
   * points). Activities 6 days ago count on every published day; those 1 hour ago only today, so
   * Harborview, Summit and Copperleaf changed since yesterday (Copperleaf from Provider to Gold).
   */
  private static List<Map<String, Object>> assignments(Instant now) {
    List<Map<String, Object>> events = new ArrayList<>();
    partner(events, now, 201, "Harbor Lights Marketing", "harborlights.com");
    client(events, now, 201, 2011, "Lighthouse Foods", "harborlights.com", "3000.00");
    partner(events, now, 202, "Harborview Digital", "harborview.io");
    client(events, now, 202, 2021, "Pier Seven Bakery", "harborview.io", "700.00");
    partner(events, now, 203, "Summit Growth Co", "summitgrowth.com");
    client(events, now, 203, 2031, "Alpine Outfitters", "summitgrowth.com", "5000.00");
    client(events, now, 203, 2032, "Ridge Analytics", "summitgrowth.com", "4000.00");
    partner(events, now, 204, "Blue Fjord Studio", "bluefjord.no");
    client(events, now, 204, 2041, "Nordlys Shipping", "bluefjord.no", "12000.00");
    events.add(WebhookEvents.change("program-sold-2041", "DEAL_SOLD", now.minus(Duration.ofDays(30)),
        WebhookEvents.system(), "partnerId", 204L, "clientId", 2041L, "mrr", "600.00", "currency", "USD", "kind", "SOURCED"));
    partner(events, now, 205, "Copperleaf Media", "copperleaf.co");
    client(events, now, 205, 2051, "Kettle & Co", "copperleaf.co", "1200.00");
    return events;
  }

  private static void partner(List<Map<String, Object>> events, Instant now, long id, String name, String domain) {
    events.add(WebhookEvents.change("program-partner-" + id, "PARTNER_REGISTERED", now.minus(Duration.ofDays(120)),
        WebhookEvents.system(), "partnerId", id, "name", name, "domains", List.of(domain), "growthMarket", false));
    events.add(WebhookEvents.change("program-employee-" + id, "EMPLOYEE_ADDED", now.minus(Duration.ofDays(100)),
        WebhookEvents.admin(id), "partnerId", id, "employeeId", id * 10, "email", "lead@" + domain));
  }

  private static void client(List<Map<String, Object>> events, Instant now, long partnerId, long clientId, String name,
      String partnerDomain, String mrr) {
    Instant at = now.minus(Duration.ofDays(90));
    events.add(WebhookEvents.change("program-client-" + clientId, "CLIENT_UPSERTED", at, WebhookEvents.system(),
        "clientId", clientId, "name", name, "domain", "client" + clientId + ".example", "currency", "USD"));
    events.add(WebhookEvents.change("program-mrr-" + clientId, "SUBSCRIPTION_CHANGED", at, WebhookEvents.system(),
        "clientId", clientId, "mrr", mrr, "currency", "USD"));
    events.add(WebhookEvents.change("program-user-" + clientId, "CLIENT_USER_ADDED", now.minus(Duration.ofDays(80)),
        WebhookEvents.system(), "clientId", clientId, "userId", clientId * 10, "email", "lead@" + partnerDomain));
  }

  private static List<Map<String, Object>> activities(Instant now) {
    Instant before = now.minus(Duration.ofDays(6));
    Instant today = now.minus(Duration.ofHours(1));
    return List.of(
        WebhookEvents.activity(8_100_001, 2011, 20110, "contact.creation", before, 9001),
        WebhookEvents.activity(8_100_002, 2021, 20210, "contact.creation", today, 9002),
        WebhookEvents.activity(8_100_003, 2031, 20310, "contact.creation", before, 9003),
        WebhookEvents.activity(8_100_004, 2032, 20320, "workflow.created", today, 9004),
        WebhookEvents.activity(8_100_005, 2041, 20410, "contact.creation", before, 9005),
        WebhookEvents.activity(8_100_006, 2051, 20510, "contact.creation", today, 9006));
  }

  // ---- helpers ----

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static WebElement id(String id) {
    return driver.findElement(By.id(id));
  }

  private static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, WAIT).withMessage(() -> what + " (page: " + js("return document.body.dataset.state")
        + ", list: " + js("return document.getElementById('program').dataset.state") + ", rows " + programRows()
        + ", message: " + id("message").getText() + " / " + id("program-message").getText() + ")")
        .until(d -> condition.getAsBoolean());
  }

  private static String pageState() {
    return (String) js("return document.body.dataset.state");
  }

  private static String listState() {
    return (String) js("return document.getElementById('program').dataset.state");
  }

  private static HttpResponse<String> api(String pathAndQuery, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve(pathAndQuery))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> json(String pathAndQuery) throws Exception {
    HttpResponse<String> answer = api(pathAndQuery, admin);
    assertEquals(200, answer.statusCode(), pathAndQuery + ": " + answer.body());
    return JSON.std.mapFrom(answer.body());
  }

  /** The partner ids {@code GET /partners?<query>} lists, in its order. */
  private static List<Long> listed(String query) throws Exception {
    return ((List<?>) json("/partners?" + query).get("partners")).stream()
        .map(p -> ((Number) ((Map<?, ?>) p).get("partnerId")).longValue()).toList();
  }

  /** The partner ids of the page's list, top to bottom. */
  private static List<Long> programRows() {
    return driver.findElements(By.cssSelector("#program-rows tr")).stream()
        .map(tr -> Long.parseLong(tr.getDomAttribute("data-partner-id"))).toList();
  }

  private static void waitForRows(String what, List<Long> expected) {
    waitUntil(what + ": rows " + expected, () -> "ready".equals(listState()) && expected.equals(programRows()));
  }

  private static String title(String tier) {
    return tier.charAt(0) + tier.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String readable(String iso) {
    return READABLE.format(Instant.parse(iso));
  }

  private static String readableText(String text) {
    Matcher m = ISO_INSTANT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(READABLE.format(
          java.time.OffsetDateTime.parse(m.group()).toInstant())));
    }
    return m.appendTail(out).toString();
  }

  /** Every request the page has made, as URLs: the browser's resource timing of fetches. */
  @SuppressWarnings("unchecked")
  private static List<String> requests() {
    return (List<String>) js("return performance.getEntriesByType('resource')"
        + ".filter(function (e) { return e.initiatorType === 'fetch'; }).map(function (e) { return e.name; })");
  }

  private static List<String> adminRequests(List<String> urls) {
    Pattern admin = Pattern.compile(ADMIN_ROUTES);
    return urls.stream().filter(u -> admin.matcher(u.replaceFirst("^https?://[^/]+", "")).lookingAt()).toList();
  }

  private static void signIn(String partner, boolean asAdmin) {
    driver.get(stack.baseUrl() + "/");
    js("sessionStorage.clear(); localStorage.clear();");
    driver.navigate().refresh();
    waitUntil("the sign-in", () -> "signed-out".equals(pageState()));
    // a request counter that sees every fetch when it starts, before any answer
    js("window.fetched = []; var f = window.fetch;"
        + "window.fetch = function (u) { window.fetched.push(String(u)); return f.apply(this, arguments); };");
    WebElement field = id("dev-partner");
    field.clear();
    field.sendKeys(partner);
    if (id("dev-admin").isSelected() != asAdmin) {
      id("dev-admin").click();
    }
    id("dev-sign-in-button").click();
    waitUntil("the first partner", () -> "ready".equals(pageState()));
  }

  private static int nonBlankPixels(String chartId) {
    return ((Number) js("var c = document.querySelector('#' + arguments[0] + ' canvas'); if (!c) return 0;"
        + "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
        + "for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;", chartId)).intValue();
  }

  /** The whole page (the window grown to its height), saved as {@code target/browser/<name>}. */
  private static void screenshot(String name, int width) throws IOException {
    Dimension before = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(width, 900));
    js("window.scrollTo(0, 0); if (document.activeElement) { document.activeElement.blur(); }");
    long height = ((Number) js("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
    driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height + 90, 600), 8000)));
    js("window.dispatchEvent(new Event('resize'))");
    waitForChartsToFit(name);
    Files.write(OUT.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(before);
  }

  private static void waitForChartsToFit(String what) {
    waitUntil("the charts redrawn to fit the window, for " + what, () -> Boolean.TRUE.equals(js(
        "return ['tiers-chart', 'history-chart', 'expiry-chart'].every(function (id) {"
        + " var box = document.getElementById(id), canvas = box && box.querySelector('canvas');"
        + " if (!canvas || !box.offsetParent) { return true; }"
        + " var width = Math.round(canvas.getBoundingClientRect().width);"
        + " return width === Math.max(260, box.clientWidth || 600) && width <= document.documentElement.clientWidth; });")));
  }

  // ---- the checks ----

  @Test
  @Order(1)
  void anAdministratorFindsAPartnerByNameInTheList() throws Exception {
    signIn("", true);
    waitForRows("every partner, most points first", listed("sort=-total&limit=50"));

    id("program-search").sendKeys("harbor");
    waitForRows("the search", listed("search=harbor&sort=-total&limit=50"));
    List<String> names = driver.findElements(By.cssSelector("#program-rows .partner-name")).stream()
        .map(WebElement::getText).toList();
    List<String> consoleErrors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
        .map(Object::toString).toList();

    assertEquals(PARTNERS.size(), listed("sort=-total&limit=50").size(), "the API lists every partner");
    assertEquals(List.of(201L, 202L), listed("search=harbor&sort=-total&limit=50"));
    assertEquals(List.of("Harbor Lights Marketing", "Harborview Digital"), names);
    assertTrue(id("program").isDisplayed(), "an administrator gets the list");
    assertFalse(adminRequests(requests()).isEmpty(), "the request log sees the list's requests: " + requests());
    assertTrue(((List<?>) js("return window.fetched")).stream().anyMatch(u -> u.toString().startsWith("partners?search=harbor")),
        "the search is sent as search=");
    assertEquals(List.of(), consoleErrors, "no script error, no Content-Security-Policy violation");
    Map<String, Object> list = json("/partners?sort=-total&limit=50");
    assertEquals("As of " + readable((String) list.get("asOf")), id("program-as-of").getText());
    assertEquals("· changes until " + readable((String) list.get("changesUntil")), id("program-changes").getText());
  }

  @Test
  @Order(2)
  void theTierFilterSendsEachTierChosen() throws Exception {
    WebElement search = id("program-search");
    search.clear();
    search.sendKeys(Keys.SPACE, Keys.BACK_SPACE); // an input event with an empty search
    waitForRows("every partner again", listed("sort=-total&limit=50"));

    driver.findElement(By.cssSelector("#program input[name=tier][value=GOLD]")).click();
    waitForRows("Gold only", listed("tier=GOLD&sort=-total&limit=50"));
    List<String> goldTiers = driver.findElements(By.cssSelector("#program-rows tr")).stream()
        .map(tr -> tr.getDomAttribute("data-tier")).distinct().toList();
    driver.findElement(By.cssSelector("#program input[name=tier][value=PLATINUM]")).click();
    waitForRows("Gold and Platinum", listed("tier=GOLD&tier=PLATINUM&sort=-total&limit=50"));
    List<String> both = driver.findElements(By.cssSelector("#program-rows tr")).stream()
        .map(tr -> tr.getDomAttribute("data-tier")).distinct().sorted().toList();
    driver.findElement(By.cssSelector("#program input[name=tier][value=GOLD]")).click();
    driver.findElement(By.cssSelector("#program input[name=tier][value=PLATINUM]")).click();
    waitForRows("no tier chosen: every partner", listed("sort=-total&limit=50"));

    assertEquals(List.of("GOLD"), goldTiers);
    assertTrue(listed("tier=GOLD&sort=-total&limit=50").containsAll(List.of(111L, 201L, 203L, 205L)));
    assertEquals(List.of("GOLD", "PLATINUM"), both);
    assertTrue(((List<?>) js("return window.fetched")).stream()
        .anyMatch(u -> u.toString().contains("tier=GOLD&tier=PLATINUM")), "repeated tier=");
  }

  @Test
  @Order(3)
  void sortingByPointsStillNeededPutsTheClosestFirst() throws Exception {
    new Select(id("program-sort")).selectByValue("pointsNeeded");
    List<Long> api = listed("sort=pointsNeeded&limit=50");
    waitForRows("fewest points still needed first", api);
    List<BigDecimal> needed = driver.findElements(By.cssSelector("#program-rows tr")).stream()
        .map(tr -> tr.getDomAttribute("data-points-needed")).filter(s -> !s.isEmpty()).map(BigDecimal::new).toList();

    List<Long> seeded = programRows().stream().filter(id -> id > 200).toList();
    assertEquals(List.of(202L, 203L, 201L, 205L, 204L), seeded, "3, 40, 100, 118 and 250 points still needed");
    assertEquals(needed.stream().sorted().toList(), needed, "ascending: " + needed);
    assertEquals(PARTNERS.size(), needed.size(), "no partner is at the top tier");
    String copperleaf = driver.findElement(By.cssSelector("#program-rows tr[data-partner-id='205'] td.change")).getText();
    assertTrue(copperleaf.endsWith("(was Provider)"), "the change since yesterday says the tier it had: " + copperleaf);
  }

  @Test
  @Order(4)
  void theCsvLinkDownloadsTheListsQuery() throws Exception {
    Path file = downloads.resolve("partners.csv");
    id("program-search").sendKeys("harbor");
    waitForRows("the search", listed("search=harbor&sort=pointsNeeded&limit=50"));
    String api = api("/partners?search=harbor&sort=pointsNeeded&format=csv", admin).body();

    id("program-csv").click();
    waitUntil("the CSV download", () -> Files.exists(file));
    String downloaded = Files.readString(file);
    Files.delete(file);
    id("program-search").clear();
    id("program-search").sendKeys(Keys.SPACE, Keys.BACK_SPACE);
    waitForRows("every partner again", listed("sort=pointsNeeded&limit=50"));

    assertEquals(api, downloaded);
    assertEquals(3, downloaded.split("\r\n").length, "a header and the two Harbor partners");
  }

  @Test
  @Order(5)
  void theTierChartDrawsOneSeriesPerTier() throws Exception {
    List<?> days = (List<?>) json("/partners/tiers").get("days");
    waitUntil("the tier chart", () -> !driver.findElements(By.cssSelector("#tiers-chart canvas")).isEmpty());
    long series = ((Number) js("return document.querySelectorAll('#tiers-chart .u-legend .u-series').length")).longValue();
    Map<?, ?> last = (Map<?, ?>) ((Map<?, ?>) days.get(days.size() - 1)).get("partners");

    assertEquals(PUBLISHED_DAYS, days.size());
    assertEquals(PARTNERS.size(), last.values().stream().mapToInt(n -> ((Number) n).intValue()).sum(),
        "every partner counted on the last day");
    assertEquals(6, series, "uPlot's legend: the day and the five tiers");
    assertEquals("5", id("tiers-chart").getDomAttribute("data-series"));
    assertEquals(Integer.toString(days.size()), id("tiers-chart").getDomAttribute("data-points"));
    assertTrue(nonBlankPixels("tiers-chart") > 500, "the chart drew");
    assertEquals(days.size(), driver.findElements(By.cssSelector("#tiers-rows tr")).size(), "its table");
    assertFalse(id("tiers-empty").isDisplayed());
  }

  @Test
  @Order(6)
  void clickingARowOpensThatPartnersBreakdownWithInstantsAPersonReads() throws Exception {
    driver.findElement(By.cssSelector("#program-rows tr[data-partner-id='203'] td.num")).click();
    waitUntil("Summit's page", () -> id("partner-title").getText().startsWith("Summit Growth Co")
        && "ready".equals(pageState()));
    Map<String, Object> api = json("/partners/203/points");
    Map<?, ?> alpine = ((List<?>) api.get("clients")).stream().map(c -> (Map<?, ?>) c)
        .filter(c -> ((Number) c.get("clientId")).longValue() == 2031).findFirst().orElseThrow();
    WebElement row = driver.findElement(By.cssSelector("#client-rows tr[data-client-id='2031']"));
    String reason = row.findElement(By.cssSelector("td.reason")).getText();
    String creditUntil = row.findElement(By.cssSelector("td[data-label='Credit until']")).getText();
    String employees = row.findElement(By.cssSelector("td[data-label='Employees']")).getText();
    String lastActive = (String) ((Map<?, ?>) ((List<?>) alpine.get("employees")).get(0)).get("lastQualifyingActivityAt");

    assertEquals(title((String) api.get("tier")), id("tier").getText());
    assertEquals(((Map<?, ?>) api.get("points")).get("total"), id("points-total").getText());
    assertTrue(driver.getCurrentUrl().endsWith("#partner=203"), driver.getCurrentUrl());
    assertEquals("As of " + readable((String) api.get("asOf")), id("as-of").getText());
    assertTrue(ISO_INSTANT.matcher((String) alpine.get("reason")).find(), "the API's reason has an instant");
    assertEquals(readableText((String) alpine.get("reason")), reason);
    assertFalse(ISO_INSTANT.matcher(reason).find(), reason);
    assertEquals(readable((String) alpine.get("creditUntil")), creditUntil);
    assertEquals("lead@summitgrowth.com (last qualifying activity " + readable(lastActive) + ")", employees);
    assertEquals("Reflects every change received before " + readable((String) api.get("changesUntil")),
        id("source").getDomAttribute("title"));
  }

  @Test
  @Order(7)
  void thePickerFindsAPartnerByNameAndStillTakesAnId() throws Exception {
    WebElement picker = id("partner-input");
    picker.clear();
    picker.sendKeys("copper");
    By copperleaf = By.cssSelector("#picker-matches button[data-partner-id='205']");
    waitUntil("Copperleaf offered", () -> !driver.findElements(copperleaf).isEmpty()
        && driver.findElement(copperleaf).isDisplayed());
    driver.findElement(copperleaf).click();
    waitUntil("Copperleaf's page", () -> id("partner-title").getText().startsWith("Copperleaf Media")
        && "ready".equals(pageState()));
    boolean searched = ((List<?>) js("return window.fetched")).stream()
        .anyMatch(u -> u.toString().equals("partners?search=copper&limit=10"));

    picker = id("partner-input");
    picker.clear();
    picker.sendKeys("201", Keys.ENTER);
    waitUntil("Harbor Lights' page", () -> id("partner-title").getText().startsWith("Harbor Lights Marketing")
        && "ready".equals(pageState()));
    picker = id("partner-input");
    picker.clear();
    picker.sendKeys("blue fjord", Keys.ENTER);
    waitUntil("Blue Fjord's page", () -> id("partner-title").getText().startsWith("Blue Fjord Studio")
        && "ready".equals(pageState()));

    assertTrue(searched, "the picker asks GET partners?search=copper&limit=10");
    assertEquals("Platinum", id("tier").getText());
  }

  @Test
  @Order(8)
  void itFitsAPhoneAndALaptop() throws Exception {
    driver.manage().window().setSize(new Dimension(390, 844));
    js("window.dispatchEvent(new Event('resize'))");
    waitForChartsToFit("a phone");
    js("document.getElementById('program').scrollIntoView()");
    long phoneOverflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
    boolean listScrolls = Boolean.TRUE.equals(js("var w = document.querySelector('#program .table-wrap');"
        + "return w.scrollWidth > w.clientWidth && getComputedStyle(w).overflowX === 'auto'"));
    long chartWidth = ((Number) js("return document.querySelector('#tiers-chart canvas').getBoundingClientRect().width")).longValue();
    screenshot("8-program-phone.png", 390);
    driver.manage().window().setSize(new Dimension(1280, 900));
    js("window.dispatchEvent(new Event('resize'))");
    waitForChartsToFit("a laptop");
    long laptopOverflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
    screenshot("8-program-1280.png", 1280);

    assertTrue(phoneOverflow <= 0, "no sideways scrolling of the page at 390 px: " + phoneOverflow + " px too wide");
    assertTrue(listScrolls, "the list scrolls sideways in its box on a phone");
    assertTrue(chartWidth <= 390, "the tier chart fits: " + chartWidth);
    assertTrue(laptopOverflow <= 0, "no sideways scrolling at 1280 px: " + laptopOverflow);
  }

  @Test
  @Order(9)
  void aPartnersSignInGetsNoListAndAsksForNone() throws Exception {
    signIn(Long.toString(DemoSeed.DEMO_PARTNER), false);
    List<?> fetched = (List<?>) js("return window.fetched");
    List<String> loaded = requests();

    assertFalse(id("program").isDisplayed(), "no list for a partner");
    assertFalse(id("picker").isDisplayed(), "no picker for a partner");
    assertTrue(fetched.contains("partners/" + DemoSeed.DEMO_PARTNER + "/points"), "the counter counts: " + fetched);
    assertEquals(List.of(), fetched.stream().map(Object::toString)
        .filter(u -> u.equals("partners") || u.startsWith("partners?") || u.startsWith("partners/tiers")).toList(),
        "no request to the admin routes");
    assertEquals(List.of(), adminRequests(loaded), "none in the browser's request log either: " + loaded);
    assertEquals(403, api("/partners", DemoSeed.demoToken()).statusCode(), "and the route would refuse it");
    assertEquals(403, api("/partners/tiers", DemoSeed.demoToken()).statusCode());
  }
}
