package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.StateMachineRun;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Every function of {@code template.yaml} works with what Lambda really gives a SnapStart function,
 * each in a JVM of its own ({@link LambdaProcess}) on its shaded jar:
 *
 * <ul>
 *   <li>exactly the template's environment variables for that function (Globals, then its own, the
 *       references resolved as CloudFormation would), plus Lambda's reserved ones
 *       ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, ...), and no other: no
 *       {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} or {@code AWS_SESSION_TOKEN};
 *   <li>container credentials, as Lambda gives them under SnapStart: an endpoint on the loopback
 *       interface that checks the authorization token ({@link ContainerCredentials});
 *   <li>init, then {@code beforeCheckpoint}, then {@code afterRestore}, through the {@code org.crac}
 *       resources the handler registered ({@link SnapStartRuntime}), then invocations.
 * </ul>
 *
 * <p>The emulator is reached through the setting the functions already read ({@code AWS_ENDPOINT_URL}),
 * pointing at a proxy per function that records every request ({@link RecordingProxy}): each
 * DynamoDB, Secrets Manager and EventBridge request must be signed with that function's container
 * credentials (its access key id in the signature's scope, its session token in
 * {@code X-Amz-Security-Token}). The HubSpot client secret comes from Secrets Manager (the emulator's),
 * as in AWS, and is rotated between two invocations of each webhook function: a request signed with
 * the new secret answers 200 in the same JVM.
 */
@ExtendWith(DynamoDbExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaEnvironmentIT {
  private static final String STACK = "partner-credit-env";
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "123456789012";
  private static final String SECRET_BEFORE = "env-it-secret-before-rotation";
  private static final String SECRET_AFTER = "env-it-secret-after-rotation";
  private static final String PUBLIC_BASE_URL = "https://hooks.example.com";

  /** The functions each test runs; together, every function of the template. */
  private static final List<String> WEBHOOKS = List.of("ActivityIngestionFunction", "AssignmentChangesFunction");
  private static final List<String> READS_AND_SCHEDULES =
      List.of("ActivityDrainFunction", "TierComputationFunction", "ReadModelFunction", "DriftCheckFunction",
          "PointsHistoryFunction", "PartnersFunction", "DashboardFunction");
  private static final List<String> PUBLICATION = List.of("PointsPublisherFunction", "PublisherShardFunction",
      "PublisherFinishFunction", "PublisherRecordFunction");
  /** The one function that calls no AWS service: it serves the page. */
  private static final Set<String> NO_AWS = Set.of("DashboardFunction");

  private static Template template;
  private static Map<String, TemplateFunctions.Function> functions;
  private static Emulator emulator;
  private static ContainerCredentials credentials;
  private static Path home;
  private static Map<String, String> parameters;
  private static Map<String, String> physicalIds;
  private static String secretArn;

  /** A function's JVM, its proxy and its credentials. */
  private record Function(String logicalId, LambdaProcess process, RecordingProxy proxy,
      ContainerCredentials.Issued issued) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.close();
      proxy.close();
    }
  }

  @BeforeAll
  static void stack(TestTable table) throws IOException {
    template = Template.locate();
    functions = new LinkedHashMap<>();
    TemplateFunctions.read(template).forEach(f -> functions.put(f.logicalId(), f));
    emulator = Emulator.shared();
    credentials = ContainerCredentials.start();
    home = Files.createTempDirectory("lambda-env-home");

    String bus = STACK + "-bus-" + UUID.randomUUID().toString().substring(0, 8);
    try (EventBridgeClient events = emulator.configure(EventBridgeClient.builder()).build()) {
      events.createEventBus(b -> b.name(bus));
    }
    try (SecretsManagerClient secrets = emulator.configure(SecretsManagerClient.builder()).build()) {
      secretArn = secrets.createSecret(b -> b.name(STACK + "/hubspot-client-secret-" + UUID.randomUUID())
          .secretString(SECRET_BEFORE)).arn();
    }
    parameters = Map.of("HubSpotClientSecretArn", secretArn, "PublicBaseUrl", PUBLIC_BASE_URL,
        "JwtIssuer", "https://issuer.example.com", "DashboardClientId", "env-it-dashboard");
    physicalIds = Map.of("CreditTable", table.name(), "EventBus", bus);
  }

  @AfterAll
  static void stop() {
    if (credentials != null) {
      credentials.close();
    }
  }

  @Test
  void theTestsRunEveryFunctionOfTheTemplate() {
    Set<String> covered = new TreeSet<>();
    Stream.of(WEBHOOKS, READS_AND_SCHEDULES, PUBLICATION).forEach(covered::addAll);
    assertEquals(new TreeSet<>(functions.keySet()), covered);
  }

  @Test
  @Order(1)
  void theWebhookFunctionsSignWithTheContainerCredentialsAndFollowARotationInTheSameJvm() throws Exception {
    List<Function> started = new ArrayList<>();
    try {
      for (String id : WEBHOOKS) {
        Function function = start(id);
        started.add(function);
        function.process().checkpoint();
        int beforeRestore = function.proxy().requests().size();
        function.process().restore();
        assertTrue(reads(function.proxy().requests().subList(beforeRestore, function.proxy().requests().size())) >= 1,
            id + " did not read its secret again after the restore: " + function.proxy().requests());
      }
      for (Function function : started) {
        for (Path sample : samples(function.logicalId())) {
          assertEquals(200, status(function, signed(sample, SECRET_BEFORE)), function.logicalId() + " " + sample);
        }
      }

      try (SecretsManagerClient secrets = emulator.configure(SecretsManagerClient.builder()).build()) {
        secrets.putSecretValue(b -> b.secretId(secretArn).secretString(SECRET_AFTER)); // AWSCURRENT; the old one AWSPREVIOUS
      }

      for (Function function : started) {
        String id = function.logicalId();
        Path sample = samples(id).get(0);
        int readsBefore = reads(function.proxy().requests());
        assertEquals(200, status(function, signed(sample, SECRET_AFTER)), id + ": signed with the rotated secret");
        assertEquals(readsBefore + 2, reads(function.proxy().requests()),
            id + ": the mismatch reads AWSCURRENT and AWSPREVIOUS once: " + function.proxy().requests());
        assertEquals(200, status(function, signed(sample, SECRET_BEFORE)), id + ": the previous secret, in its grace");
        assertEquals(401, status(function, signed(sample, "not-the-secret")), id + ": a third secret");
        assertSignedByTheContainer(function);
      }
    } finally {
      closeAll(started);
    }
  }

  @Test
  @Order(2)
  void theReadAndScheduledFunctionsSignWithTheContainerCredentials() throws Exception {
    for (String id : READS_AND_SCHEDULES) {
      try (Function function = start(id)) {
        function.process().checkpoint();
        function.process().restore();
        for (Path sample : samples(id)) {
          Map<String, Object> event = JSON.std.mapFrom(Files.readString(sample));
          String result = function.process().invoke(JSON.std.asString(event));
          if (functions.get(id).routes().isEmpty()) {
            ScheduledReports.check(functions.get(id), event, JSON.std.mapFrom(result), result);
          } else {
            int status = HttpApiResponse.fromFunctionResult(result).statusCode();
            assertTrue(status == 200 || status == 404, id + " " + sample + " answered " + result);
          }
        }
        assertSignedByTheContainer(function);
      }
    }
  }

  @Test
  @Order(3)
  void thePublicationsStepsSignWithTheContainerCredentials() throws Exception {
    Map<String, Function> steps = new LinkedHashMap<>();
    try {
      for (String id : PUBLICATION) {
        Function function = start(id);
        steps.put(id, function);
        function.process().checkpoint();
        function.process().restore();
      }
      StateMachineRun run = StateMachineRun.fromTemplate(template, PublishRoute.STATE_MACHINE, (id, payload) -> {
        Function step = steps.get(id);
        if (step == null) {
          throw new AssertionError(PublishRoute.STATE_MACHINE + " invokes " + id + ", which this test does not start");
        }
        return JSON.std.anyFrom(step.process().invoke(JSON.std.asString(payload)));
      });
      Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      // the publication reads the read model, which refuses a run before it has recorded any progress
      try (DynamoDbClient dynamo = emulator.newDynamoDbClient()) {
        new ReadModelStore(dynamo, physicalIds.get("CreditTable")).progress("stream", asOf, asOf);
      }
      Map<?, ?> output = (Map<?, ?>) run.run(PublishRoute.scheduledEvent(asOf));

      assertTrue(output.containsKey("snapshots"), "RecordRun's summary: " + output);
      Set<String> invoked = new TreeSet<>();
      run.invocations().forEach(i -> invoked.add(i.function()));
      assertEquals(new TreeSet<>(PUBLICATION), invoked, "every step ran: " + run.invocations());
      for (Function step : steps.values()) {
        assertSignedByTheContainer(step);
      }
      List<RecordingProxy.Request> finish = steps.get("PublisherFinishFunction").proxy().requests();
      assertTrue(finish.stream().anyMatch(r -> "AWSEvents.PutEvents".equals(r.operation())),
          "the final step put no event: " + finish);
    } finally {
      closeAll(new ArrayList<>(steps.values()));
    }
  }

  // ---- a function, as Lambda starts it ----

  private static Function start(String logicalId) throws IOException {
    TemplateFunctions.Function function = functions.get(logicalId);
    Path root = template.path().getParent();
    Path jar = ShadedJars.holding(root, function.handler()).orElseThrow(() -> new AssertionError(
        "no shaded jar under functions/*/target holds " + function.handler()
            + ": build them with mvn -B -o verify (or -pl dev/local-stack -am)"));
    ContainerCredentials.Issued issued = credentials.issue();
    RecordingProxy proxy = RecordingProxy.start(emulator.endpoint());
    Map<String, String> environment = lambdaEnvironment(function, jar, issued);
    environment.put("AWS_ENDPOINT_URL", proxy.uri().toString()); // the emulator, through the recording proxy
    for (String forbidden : List.of("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
      assertFalse(environment.containsKey(forbidden), forbidden + " must not be set: SnapStart gives none");
    }
    try {
      return new Function(logicalId, LambdaProcess.start(function, jar, environment, home), proxy, issued);
    } catch (IOException | RuntimeException | Error e) {
      proxy.close();
      throw e;
    }
  }

  /**
   * What Lambda sets for a SnapStart function's version: the template's variables for it, and the
   * reserved ones (Lambda's "Defined runtime environment variables"), with container credentials in
   * place of access keys. {@code LAMBDA_TASK_ROOT} is the folder of the function's jar.
   */
  private static Map<String, String> lambdaEnvironment(TemplateFunctions.Function function, Path jar,
      ContainerCredentials.Issued issued) {
    String name = STACK + "-" + function.logicalId() + "-EnvIt";
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin");
    env.put("LANG", "en_US.UTF-8");
    env.put("TZ", ":UTC");
    env.put("LAMBDA_TASK_ROOT", jar.getParent().toString());
    env.put("LAMBDA_RUNTIME_DIR", "/var/runtime");
    env.put("_HANDLER", function.handler());
    env.put("AWS_REGION", REGION);
    env.put("AWS_DEFAULT_REGION", REGION);
    env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    env.put("AWS_LAMBDA_FUNCTION_NAME", name);
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/[1]envit");
    env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001");
    env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
    env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", issued.authorizationToken());
    Map<String, Object> properties = properties(function.logicalId());
    Object logging = properties.getOrDefault("LoggingConfig", template.globals("Function").get("LoggingConfig"));
    if (logging instanceof Map<?, ?> config && config.get("LogFormat") instanceof String format) {
      env.put("AWS_LAMBDA_LOG_FORMAT", format);
    }
    variables(template.globals("Function"), "Globals.Function", env);
    variables(properties, function.logicalId(), env);
    return env;
  }

  private static Map<String, Object> properties(String logicalId) {
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) template.resources().get(logicalId).get("Properties");
    return properties == null ? Map.of() : properties;
  }

  private static void variables(Map<String, Object> properties, String where, Map<String, String> into) {
    if (properties.get("Environment") instanceof Map<?, ?> environment
        && environment.get("Variables") instanceof Map<?, ?> variables) {
      variables.forEach((name, value) -> into.put(String.valueOf(name), resolve(value, where + "." + name)));
    }
  }

  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]+)}");

  /** A variable's value as CloudFormation resolves it: a plain value, {@code !Ref}, or {@code !Sub} of references. */
  private static String resolve(Object value, String where) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value instanceof Map<?, ?> intrinsic && intrinsic.size() == 1) {
      if (intrinsic.get("Ref") instanceof String name) {
        return reference(name, where);
      }
      if (intrinsic.get("Fn::Sub") instanceof String text) {
        Matcher m = SUBSTITUTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          m.appendReplacement(out, Matcher.quoteReplacement(reference(m.group(1), where)));
        }
        return m.appendTail(out).toString();
      }
    }
    throw new AssertionError(where + " is " + value + ": say in LambdaEnvironmentIT what it is in AWS");
  }

  private static String reference(String name, String where) {
    switch (name) {
      case "AWS::StackName":
        return STACK;
      case "AWS::Region":
        return REGION;
      case "AWS::AccountId":
        return ACCOUNT;
      default:
        break;
    }
    if (parameters.containsKey(name)) {
      return parameters.get(name);
    }
    if (physicalIds.containsKey(name)) {
      return physicalIds.get(name);
    }
    if (template.root().get("Parameters") instanceof Map<?, ?> declared && declared.get(name) instanceof Map<?, ?> p
        && p.get("Default") != null) {
      return String.valueOf(p.get("Default"));
    }
    throw new AssertionError(where + " refers to " + name + ": give it a value in LambdaEnvironmentIT");
  }

  // ---- what the functions did ----

  /** Every AWS request of the function was signed with its container credentials, which it fetched. */
  private static void assertSignedByTheContainer(Function function) {
    String id = function.logicalId();
    List<RecordingProxy.Request> requests = function.proxy().requests();
    for (RecordingProxy.Request request : requests) {
      assertEquals(function.issued().accessKeyId(), request.accessKeyId(), id + "'s " + request.operation()
          + " was not signed with the container's credentials: Authorization " + request.authorization());
      assertEquals(function.issued().sessionToken(), request.securityToken(), id + "'s " + request.operation()
          + " does not carry the container's session token");
    }
    if (!NO_AWS.contains(id)) {
      assertFalse(requests.isEmpty(), id + " made no AWS request: " + function.process().output());
      assertTrue(function.issued().served().get() >= 1, id + " never fetched its container credentials");
    }
    assertEquals(0, credentials.refused(), "requests to the credentials endpoint without the function's token");
  }

  private static int reads(List<RecordingProxy.Request> requests) {
    return (int) requests.stream().filter(r -> "secretsmanager.GetSecretValue".equals(r.operation())).count();
  }

  private static String signed(Path sample, String secret) throws IOException {
    Map<String, Object> event = JSON.std.mapFrom(Files.readString(sample));
    SignEvent.sign(event, secret, PUBLIC_BASE_URL, Instant.now());
    return JSON.std.asString(event);
  }

  private static int status(Function function, String event) throws IOException {
    return HttpApiResponse.fromFunctionResult(function.process().invoke(event)).statusCode();
  }

  private static List<Path> samples(String logicalId) throws IOException {
    Path folder = template.path().getParent().resolve("events").resolve(logicalId);
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertFalse(samples.isEmpty(), "no sample event under " + folder);
      return samples;
    }
  }

  private static void closeAll(List<Function> started) throws InterruptedException {
    for (Function function : started) {
      function.close();
    }
  }
}
