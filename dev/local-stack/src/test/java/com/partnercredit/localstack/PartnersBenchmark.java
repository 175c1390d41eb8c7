package com.partnercredit.localstack;

import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.PartnerStanding;
import com.partnercredit.domain.Scenario;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.ItemBytes;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TemplateTable;
import com.partnercredit.tier.ProgramViewProbe;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /partners} for N partners (default 10,000) on the local stack: one standing each (a
 * client or two serviced, some expired, a sale every fifth), written as the read model's function
 * would, and yesterday's program record. Reports the route's p50 over HTTP and, through the handler
 * with a request counter, the requests of a page and of the CSV against the bytes of items read.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/classpath.txt) \
 *     com.partnercredit.localstack.PartnersBenchmark [10000] [-Druns=11]
 * </pre>
 */
public final class PartnersBenchmark {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PartnersBenchmark() {}

  public static void main(String[] args) throws Exception {
    int partners = args.length == 0 ? 10_000 : Integer.parseInt(args[0]);
    int runs = Math.max(1, Integer.getInteger("runs", 11));
    Emulator emulator = Emulator.shared();
    String table = "PartnersBenchmark-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (DynamoDbClient plain = emulator.newDynamoDbClient()) {
      TemplateTable.fromTemplate().create(plain, table);
      long started = System.nanoTime();
      store(plain, table, partners, now);
      System.out.printf("%,d standings and yesterday's record written in %d s%n", partners,
          (System.nanoTime() - started) / 1_000_000_000);
      long bytes = 0;
      for (String pk : List.of(Keys.STANDINGS, Keys.READ_MODEL_PROGRESS,
          Keys.programDay(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1)))) {
        bytes += ItemBytes.ofPartition(plain, table, pk);
      }

      RequestCounter counter = new RequestCounter();
      try (DynamoDbClient counted = emulator.newDynamoDbClient(counter)) {
        for (Map<String, String> query : List.<Map<String, String>>of(Map.of(), Map.of("format", "csv"),
            Map.of("sort", "pointsNeeded", "tier", "GOLD,PLATINUM", "search", "7"))) {
          counter.clear();
          long t0 = System.nanoTime();
          int status = ProgramViewProbe.status(counted, table, query);
          long handlerMs = (System.nanoTime() - t0) / 1_000_000;
          if (status != 200) {
            throw new IllegalStateException(query + " answered " + status);
          }
          System.out.printf("handler %-50s %s in %,d ms; bound 3 + ceil(%,d bytes / 1 MB) = %d%n", query, counter,
              handlerMs, bytes, 3 + (bytes + (1 << 20) - 1) / (1 << 20));
        }
        for (int run = 0; run < 3; run++) {
          long[] split = ProgramViewProbe.split(plain, table);
          System.out.printf("standings read in %,d ms, evaluated in %,d ms%n", split[0], split[1]);
        }
      }

      try (LocalStack stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table,
          LocalStack.DEFAULT_SECRET), emulator)) {
        String admin = DemoSeed.unsignedToken(Map.of("sub", "benchmark", "scope", "points:admin"));
        for (String query : List.of("", "?format=csv", "?sort=pointsNeeded&tier=GOLD")) {
          long[] millis = new long[runs];
          int size = 0;
          for (int run = -2; run < runs; run++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/partners"
                + query)).header("authorization", "Bearer " + admin).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              throw new IllegalStateException("GET /partners" + query + " answered " + response.statusCode() + " "
                  + response.body());
            }
            size = response.body().length();
            if (run >= 0) {
              millis[run] = (System.nanoTime() - t0) / 1_000_000;
            }
          }
          Arrays.sort(millis);
          System.out.printf("local stack GET /partners%-30s p50 %,d ms (min %,d, max %,d; %d runs), %,d bytes%n",
              query, millis[runs / 2], millis[0], millis[runs - 1], runs, size);
        }
        inChromium(stack, runs);
      } finally {
        plain.deleteTable(r -> r.tableName(table));
      }
    }
  }

  /**
   * The page's time to usable for an administrator: from navigation to the first page of partners
   * drawn ({@code window.partnerCredit.program}, written by the page), over {@code runs} reloads.
   */
  private static void inChromium(LocalStack stack, int runs) throws Exception {
    Optional<Browser> browser = Browser.find();
    if (browser.isEmpty()) {
      System.out.println("Chromium: not measured, " + Browser.missing());
      return;
    }
    Path scratch = Files.createTempDirectory("partners-benchmark");
    ChromeDriver driver = browser.get().start(scratch.resolve("profile"), scratch.resolve("downloads"), 1280, 900);
    try {
      JavascriptExecutor js = driver;
      driver.get(stack.baseUrl() + "/");
      new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> "signed-out".equals(
          js.executeScript("return document.body.dataset.state")));
      if (!driver.findElement(By.id("dev-admin")).isSelected()) {
        driver.findElement(By.id("dev-admin")).click();
      }
      driver.findElement(By.id("dev-sign-in-button")).click();
      long[] usable = new long[runs];
      long[] fetch = new long[runs];
      for (int run = -1; run < runs; run++) {
        if (run >= 0) {
          driver.navigate().refresh();
        }
        Map<?, ?> timings = (Map<?, ?>) new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> js.executeScript(
            "var p = window.partnerCredit && window.partnerCredit.program;"
            + " return document.getElementById('program').dataset.state === 'ready' && p ? p : null;"));
        if (run >= 0) {
          usable[run] = ((Number) timings.get("sinceNavigationMs")).longValue();
          fetch[run] = ((Number) timings.get("fetchMs")).longValue();
        }
      }
      Arrays.sort(usable);
      Arrays.sort(fetch);
      System.out.printf("Chromium: the partners list usable %,d ms after navigation (p50; min %,d, max %,d; %d loads),"
          + " of which fetching the page of partners %,d ms%n", usable[runs / 2], usable[0], usable[runs - 1], runs,
          fetch[runs / 2]);
    } finally {
      driver.quit();
    }
  }

  /** One standing per partner, computed by the engine from a small world, and yesterday's record. */
  private static void store(DynamoDbClient dynamo, String table, int partners, Instant now) throws Exception {
    ReadModelStore store = new ReadModelStore(dynamo, table);
    SortedMap<Long, SnapshotStore.DayFigures> yesterday = new TreeMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> writes = new ArrayList<>();
      for (int p = 0; p < partners; p++) {
        long partner = 1_000_000L + p;
        PartnerStanding standing = standing(partner, p, now);
        writes.add(pool.submit(() -> store.writeStanding(standing, standing.latestName(), now.toEpochMilli())));
        if (p % 3 != 0) {
          yesterday.put(partner, new SnapshotStore.DayFigures(Tier.values()[p % 3], new BigDecimal(p % 97 + ".25")));
        }
      }
      for (Future<Integer> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdown();
    }
    new SnapshotStore(dynamo, table, new com.partnercredit.store.BatchWriter(dynamo, table))
        .putProgramBucket(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1), now.minus(Duration.ofDays(1)), 0, 1,
            yesterday);
    store.progress("benchmark", now, now);
  }

  private static PartnerStanding standing(long partner, int p, Instant now) {
    String email = "alice@agency" + partner + ".com";
    Scenario world = new Scenario()
        .partner(partner, "Agency " + partner + " " + WORDS[p % WORDS.length], "agency" + partner + ".com",
            now.minus(Duration.ofDays(100)))
        .employeeAdded(partner, 1, email, now.minus(Duration.ofDays(100)));
    for (int c = 0; c <= p % 2; c++) {
      long client = partner * 10 + c;
      world.client(client, "USD", (500 + p % 40 * 100) + ".00", now.minus(Duration.ofDays(90)))
          .userAdded(client, 5, email, now.minus(Duration.ofDays(90)))
          .activity(client, 5, now.minus(Duration.ofDays(p % 70)).minus(Duration.ofMinutes(c)));
    }
    if (p % 5 == 0) {
      world.add(new DealSold("deal-" + partner, now.minus(Duration.ofDays(30)), partner, partner * 10,
          com.partnercredit.domain.Money.of("3000.00", "USD"), DealKind.SOURCED));
    }
    List<Fact> own = new ArrayList<>();
    for (Fact fact : world.facts()) {
      if (fact instanceof PartnerRegistered || fact instanceof EmployeeAdded || fact instanceof DealSold) {
        own.add(fact);
      }
    }
    Map<Long, ClientConclusions> clients = CreditEngine.conclude(Facts.of(world.facts()));
    return Scenario.ENGINE.standing(partner, own, clients.values(), now.minus(Duration.ofMinutes(1)));
  }

  private static final String[] WORDS = {"North", "Blue", "Summit", "Copper", "Harbor", "Maple", "Orbit"};
}
