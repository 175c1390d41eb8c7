package com.partnercredit.localstack;

import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TemplateTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold starts of the four functions, side by side in one run, each in a fresh JVM on its shaded
 * jar ({@link ColdStartProbe}), against the emulator, next to two baselines: a bare JVM printing
 * hello, and a bare AWS SDK v2 handler making one DynamoDB request (the floor for this kind of
 * function; it runs on the ingestion jar's SDK).
 *
 * <p>For each: the time from starting the JVM to the first response (init, priming when primed,
 * and the first request), the init alone (the handler's constructor), the first request's latency
 * after init, and the warm p50 of the requests that follow; medians of {@code -Druns} (default 5)
 * rounds, interleaved. Each function runs twice a round: cold, and primed, with its SnapStart hook
 * ({@code beforeCheckpoint}) run after init and before the first request, as Lambda runs it before
 * its snapshot (here in the same JVM: this JDK has no CRaC, so the restore itself is not measured).
 * The JVM options are the template's {@code JAVA_TOOL_OPTIONS}, for every case.
 *
 * <p>The points and publisher probes read a table seeded with the demo (through the local stack's
 * webhook routes); the webhook probes write new events to a second table.
 *
 * <pre>
 * mvn -B -o -q -pl dev/local-stack -am -DskipTests package dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
 * java -cp dev/local-stack/target/test-classes:dev/local-stack/target/classes:$(cat dev/local-stack/target/classpath.txt) \
 *     com.partnercredit.localstack.ColdStartBenchmark        # -Druns=5 -Dwarm=20 before the class name
 * </pre>
 */
public final class ColdStartBenchmark {
  private static final String SECRET = "bench-secret";
  private static final String BASE_URL = SignEvent.DEFAULT_BASE_URL;
  private static final String BUS = PublishRoute.DEFAULT_BUS;
  private static final Map<String, String> KINDS = Map.of(
      "ActivityIngestionFunction", "ingestion",
      "AssignmentChangesFunction", "assignments",
      "TierComputationFunction", "points",
      "PointsPublisherFunction", "publisher");

  private ColdStartBenchmark() {}

  private record Case(String name, String handler, String kind, Path jar, String table, String mode) {}

  /** One run: JVM start to first response, init, priming, first request, warm p50 (ms). */
  private record Run(double firstResponse, double init, double prime, double first, double warmP50) {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("runs", 5);
    int warm = Integer.getInteger("warm", 20);
    String loadBefore = loadAverage();
    Template template = Template.locate();
    Path root = template.path().getParent();
    Emulator emulator = Emulator.shared();
    String stamp = Long.toString(System.currentTimeMillis());
    String seeded = "cold-start-seeded-" + stamp;
    String writes = "cold-start-writes-" + stamp;
    seedDemo(template, seeded, emulator);
    try (DynamoDbClient dynamo = emulator.newDynamoDbClient()) {
      TemplateTable.from(template).create(dynamo, writes);
    }

    List<String> jvm = jvmOptions(template);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
    settings.put("AWS_REGION", emulator.region().id());
    settings.put("HUBSPOT_CLIENT_SECRET", SECRET);
    settings.put("PUBLIC_BASE_URL", BASE_URL);
    settings.put("EVENT_BUS_NAME", BUS);
    settings.put("aws.accessKeyId", "test");
    settings.put("aws.secretAccessKey", "test");

    List<Case> cases = new ArrayList<>();
    Path ingestionJar = null;
    for (TemplateFunctions.Function f : TemplateFunctions.read(template)) {
      String kind = KINDS.get(f.logicalId());
      Path jar = ShadedJars.holding(root, f.handler()).orElseThrow(() -> new IllegalStateException(
          "no shaded jar holds " + f.handler() + ": mvn -B -o -q -pl dev/local-stack -am -DskipTests package"));
      String table = kind.equals("ingestion") || kind.equals("assignments") ? writes : seeded;
      cases.add(new Case(f.logicalId(), f.handler(), kind, jar, table, "cold"));
      cases.add(new Case(f.logicalId(), f.handler(), kind, jar, table, "primed"));
      if (kind.equals("ingestion")) {
        ingestionJar = jar;
      }
    }
    cases.add(0, new Case("bare SDK v2 handler, one GetItem", ColdStartProbe.BareSdkHandler.class.getName()
        + "::handleRequest", "sdk", ingestionJar, seeded, "cold"));

    List<Double> hello = new ArrayList<>();
    Map<Case, List<Run>> results = new LinkedHashMap<>();
    for (int r = 0; r < runs; r++) {
      hello.add(hello(jvm));
      for (Case c : cases) {
        Map<String, String> properties = new LinkedHashMap<>(settings);
        properties.put("TABLE_NAME", c.table());
        List<String> command = ColdStartProbe.command(c.jar(), jvm, properties, c.handler(), c.kind(), c.mode(),
            Integer.toString(warm));
        results.computeIfAbsent(c, k -> new ArrayList<>()).add(run(command));
      }
      System.err.printf("round %d of %d done%n", r + 1, runs);
    }

    System.out.printf("java %s, %d cores, emulator %s%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), emulator);
    System.out.println("JVM options (the template's JAVA_TOOL_OPTIONS): " + String.join(" ", jvm));
    System.out.printf("medians of %d runs, %d warm requests each; load average before %s, after %s%n%n", runs, warm,
        loadBefore, loadAverage());
    System.out.println("| case | jar | JVM start to first response | init | priming | first request | warm p50 |");
    System.out.println("|---|---|---|---|---|---|---|");
    System.out.printf("| bare JVM, hello | - | %.0f ms | - | - | - | - |%n", median(hello));
    for (Map.Entry<Case, List<Run>> e : results.entrySet()) {
      Case c = e.getKey();
      List<Run> rs = e.getValue();
      System.out.printf("| %s%s | %s | %.0f ms | %.0f ms | %s | %.1f ms | %.1f ms |%n",
          c.name(), c.kind().equals("sdk") ? "" : " (" + c.mode() + ")",
          c.kind().equals("sdk") ? c.jar().getFileName() + "'s SDK" : String.format("%.2f MB", Files.size(c.jar()) / 1e6),
          median(rs.stream().map(Run::firstResponse).toList()), median(rs.stream().map(Run::init).toList()),
          c.mode().equals("primed") ? String.format("%.0f ms", median(rs.stream().map(Run::prime).toList())) : "-",
          median(rs.stream().map(Run::first).toList()), median(rs.stream().map(Run::warmP50).toList()));
    }
  }

  /** Seeds the demo into {@code table} through a local stack's own webhook routes, then stops it. */
  private static void seedDemo(Template template, String table, Emulator emulator) throws Exception {
    SystemPropertiesSnapshot properties = new SystemPropertiesSnapshot();
    try (LocalStack stack = LocalStack.start(new LocalStack.Settings(template.path(), 0, table, SECRET), emulator)) {
      new DemoSeed(stack.baseUrl(), SECRET).seed(Instant.now());
    } finally {
      properties.restore();
    }
  }

  private static List<String> jvmOptions(Template template) {
    Object options = TemplateFunctions.read(template).get(0).environment().get("JAVA_TOOL_OPTIONS");
    return options == null ? List.of() : Arrays.asList(String.valueOf(options).trim().split("\\s+"));
  }

  /** A bare JVM printing hello: the time to its line. */
  private static double hello(List<String> jvm) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.addAll(List.of("-cp", ColdStartProbe.location(ColdStartProbe.class), ColdStartProbe.Hello.class.getName()));
    return run(command).firstResponse();
  }

  private static Run run(List<String> command) throws Exception {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    double firstResponse = -1;
    Run result = null;
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (firstResponse < 0 && line.startsWith("FIRST ")) {
          firstResponse = (System.nanoTime() - start) / 1e6;
        }
        Matcher m = ColdStartProbe.RESULT.matcher(line);
        if (m.find()) {
          List<Double> warm = m.group(4).isEmpty() ? List.of()
              : Arrays.stream(m.group(4).split(",")).map(Double::parseDouble).toList();
          result = new Run(firstResponse, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
              Double.parseDouble(m.group(3)), warm.isEmpty() ? Double.NaN : median(warm));
        }
        tail.addLast(line);
        if (tail.size() > 40) {
          tail.removeFirst();
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || firstResponse < 0) {
      throw new IllegalStateException("failed (" + exit + "): " + String.join(" ", command) + "\n"
          + String.join("\n", tail));
    }
    return result != null ? result : new Run(firstResponse, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String loadAverage() {
    try {
      return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
