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
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * What {@code sam build} deploys works on its own: each function's shaded jar is at most 10 MB,
 * and its handler, loaded from that jar alone ({@link ShadedJars#lambdaClassLoader}), answers
 * every sample of {@code events/<FunctionLogicalId>/} against the emulator. A class the shade
 * configuration leaves out but a function needs fails here.
 *
 * <p>The jars are built by the functions' {@code package} phase, which {@code mvn verify} (or
 * {@code -pl dev/local-stack -am}) runs before this module's integration tests.
 */
@ExtendWith(DynamoDbExtension.class)
class ShadedJarsIT {

  private static final String SECRET = "shaded-jars-secret";
  private static final String BASE_URL = SignEvent.DEFAULT_BASE_URL;

  private static SystemPropertiesSnapshot properties;
  private static Template template;
  private static final List<URLClassLoader> LOADERS = new ArrayList<>();

  @BeforeAll
  static void configureHandlersLikeLambda(TestTable table) {
    properties = new SystemPropertiesSnapshot();
    System.setProperty("AWS_ENDPOINT_URL", table.endpoint().toString());
    System.setProperty("AWS_REGION", table.region().id());
    System.setProperty("TABLE_NAME", table.name());
    System.setProperty("HUBSPOT_CLIENT_SECRET", SECRET);
    System.setProperty("PUBLIC_BASE_URL", BASE_URL);
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    System.setProperty("EVENT_BUS_NAME", createBus(table));
    template = Template.locate();
  }

  private static String createBus(TestTable table) {
    String name = "shaded-jars-" + UUID.randomUUID().toString().substring(0, 8);
    try (EventBridgeClient events = Emulator.shared().configure(EventBridgeClient.builder())
        // the handlers' own credentials (aws.accessKeyId above): moto keeps a bus per account
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build()) {
      events.createEventBus(b -> b.name(name));
    }
    return name;
  }

  @AfterAll
  static void restore() throws IOException {
    for (URLClassLoader loader : LOADERS) {
      loader.close();
    }
    properties.restore();
  }

  private static Path root() {
    return template.path().getParent();
  }

  @TestFactory
  Stream<DynamicTest> everyShadedJarIsAtMost10Mb() {
    List<Path> jars = ShadedJars.all(root());
    java.util.Set<Path> expected = new java.util.TreeSet<>();
    for (TemplateFunctions.Function function : TemplateFunctions.read(template)) {
      ShadedJars.holding(root(), function.handler()).ifPresent(expected::add);
    }
    assertEquals(TemplateFunctions.read(template).size() > 0, !expected.isEmpty());
    assertEquals(expected, new java.util.TreeSet<>(jars), "one shaded jar per function module of the template, found "
        + jars + ": build them with mvn -B -o verify (or -pl dev/local-stack -am)");
    return jars.stream().map(jar -> DynamicTest.dynamicTest(jar.getFileName().toString(), () -> {
      long size = Files.size(jar);
      assertTrue(size <= ShadedJars.MAX_BYTES, jar.getFileName() + " is " + size + " bytes, over "
          + ShadedJars.MAX_BYTES + " (see the shade configuration in the parent pom)");
    }));
  }

  @TestFactory
  Stream<DynamicTest> eachJarsHandlerAnswersEverySampleOnItsOwn() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (TemplateFunctions.Function function : TemplateFunctions.read(template)) {
      Path jar = ShadedJars.holding(root(), function.handler()).orElseThrow(() -> new AssertionError(
          "no shaded jar under functions/*/target holds " + function.handler()
              + ": build them with mvn -B -o verify (or -pl dev/local-stack -am)"));
      URLClassLoader loader = ShadedJars.lambdaClassLoader(jar);
      LOADERS.add(loader);
      LambdaFunction lambda = LambdaFunction.load(function.handler(), loader);
      String handlerClass = function.handler().substring(0, function.handler().indexOf("::"));
      assertEquals(loader, Class.forName(handlerClass, false, loader).getClassLoader(), "not loaded from " + jar);
      for (Path sample : samples(function.logicalId())) {
        tests.add(DynamicTest.dynamicTest(jar.getFileName() + " " + root().relativize(sample),
            () -> invoke(function, lambda, sample)));
      }
    }
    assertFalse(tests.isEmpty(), "no samples under events/");
    return tests.stream();
  }

  /**
   * Each jar's SnapStart hook, run as in AWS: a fresh JVM on the jar alone, the deployed
   * configuration (no emulator endpoint: the real AWS endpoints), dummy credentials, and every
   * proxy pointing at a closed port but for the loopback interface, where the dry run answers. Any
   * request that left for AWS would fail (refused, or unauthorized), and its step would be reported
   * failed: a clean report proves that priming needs no network and writes nothing.
   */
  @TestFactory
  Stream<DynamicTest> eachJarPrimesInTheAwsConfigurationWithoutTheNetwork() {
    return TemplateFunctions.read(template).stream().map(function -> DynamicTest.dynamicTest(function.logicalId(),
        () -> {
          Path jar = ShadedJars.holding(root(), function.handler()).orElseThrow();
          List<String> command = ColdStartProbe.command(jar, List.of(), Map.of(
              "http.proxyHost", "127.0.0.1", "http.proxyPort", "9",
              "https.proxyHost", "127.0.0.1", "https.proxyPort", "9",
              "http.nonProxyHosts", "127.0.0.1"), function.handler(), "-", "prime-only", "0");
          ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
          Map<String, String> env = builder.environment();
          env.keySet().removeIf(name -> name.startsWith("AWS_") || name.equals("HUBSPOT_CLIENT_SECRET"));
          env.put("AWS_REGION", "us-east-1");
          env.put("AWS_ACCESS_KEY_ID", "AKIAPRIMINGTEST00000");
          env.put("AWS_SECRET_ACCESS_KEY", "priming-test-not-a-secret");
          env.put("TABLE_NAME", "partner-credit-CreditTable-priming");
          env.put("HUBSPOT_CLIENT_SECRET", SECRET);
          env.put("PUBLIC_BASE_URL", "https://hooks.example.com");
          env.put("EVENT_BUS_NAME", "partner-credit-priming");
          Process process = builder.start();
          String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

          assertEquals(0, process.waitFor(), output);
          Matcher report = PRIMING_REPORT.matcher(output);
          assertTrue(report.find(), "no priming report in:\n" + output);
          String steps = report.group(1);
          assertFalse(steps.contains("failed"), report.group());
          assertFalse(SERVER_ERROR.matcher(steps).find(), "a step answered 5xx: " + report.group());
          if (!function.handler().startsWith("com.partnercredit.dashboard.")) { // the page's function calls no AWS
            assertTrue(Long.parseLong(report.group(2)) >= 1, "no AWS request was primed: " + report.group());
          }
        }));
  }

  private static final Pattern PRIMING_REPORT =
      Pattern.compile("SnapStart priming: Report\\[steps=\\{(.*)}, answeredByDryRun=(\\d+), millis=\\d+]");
  /** A step's HTTP status in the 5xx range: {@code name=503} followed by a comma or the end. */
  private static final Pattern SERVER_ERROR = Pattern.compile("=5\\d\\d(,|$)");

  private static List<Path> samples(String functionId) throws IOException {
    Path folder = root().resolve("events").resolve(functionId);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static void invoke(TemplateFunctions.Function function, LambdaFunction lambda, Path sample)
      throws Exception {
    Map<String, Object> event = JSON.std.mapFrom(Files.readString(sample));
    if (SignEvent.isSigned(event)) {
      SignEvent.sign(event, SECRET, BASE_URL, Instant.now());
    }
    String result = lambda.invoke(JSON.std.asString(event),
        new LocalContext("shaded-jars-it", function.logicalId(), function.timeoutSeconds(), function.memoryMb()));
    if (function.routes().isEmpty()) {
      ScheduledReports.check(function, event, JSON.std.mapFrom(result), result);
      return;
    }
    HttpApiResponse response = HttpApiResponse.fromFunctionResult(result);
    boolean read = "GET".equals(((Map<?, ?>) ((Map<?, ?>) event.get("requestContext")).get("http")).get("method"));
    assertTrue(response.statusCode() >= 200 && response.statusCode() < 300 || read && response.statusCode() == 404,
        sample + " answered " + response.statusCode() + ": " + response.bodyText());
  }
}
