package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Every sample in {@code events/<FunctionLogicalId>/*.json} goes through the same serializer the
 * Lambda Java runtime uses into the handler that template.yaml names for that folder, against
 * this class's own table: {@code sam local invoke -e events/...} cannot drift from the code. An HTTP
 * function must answer 2xx with JSON; a scheduled one must answer a JSON report for the event's time.
 */
@ExtendWith(DynamoDbExtension.class)
class EventsIT {

  private static final String SECRET = LocalStack.DEFAULT_SECRET;
  private static final String BASE_URL = SignEvent.DEFAULT_BASE_URL;

  private static SystemPropertiesSnapshot properties;
  private static Template template;
  private static final Map<String, LambdaFunction> HANDLERS = new HashMap<>();

  @BeforeAll
  static void configureHandlersLikeTheLocalStack(TestTable table) throws Exception {
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
    // as after bin/rebuild-read-model: the publisher's sample refuses a read model with no progress
    Instant now = Instant.now();
    new ReadModelStore(table.client(), table.name()).progress("stream", now, now);
  }

  /** The bus the scheduled publisher's sample puts its events on, on the emulator. */
  private static String createBus(TestTable table) {
    String name = "events-it-" + UUID.randomUUID().toString().substring(0, 8);
    try (EventBridgeClient events = Emulator.shared().configure(EventBridgeClient.builder())
        // the handlers' own credentials (aws.accessKeyId above): moto keeps a bus per account
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build()) {
      events.createEventBus(b -> b.name(name));
    }
    return name;
  }

  @AfterAll
  static void restore() {
    properties.restore();
  }

  private static List<Path> eventFiles() throws IOException {
    Path events = template.path().getParent().resolve("events");
    try (Stream<Path> files = Files.walk(events, 2)) {
      return files.filter(f -> f.getParent().getParent().equals(events) && f.toString().endsWith(".json"))
          .sorted().toList();
    }
  }

  @Test
  void thereAreSampleEvents() throws IOException {
    assertFalse(eventFiles().isEmpty(), "no events/<FunctionLogicalId>/*.json");
  }

  @TestFactory
  Stream<DynamicTest> everySampleEventGetsA2xxJsonResponseOrA404ForAnUnknownReadId() throws IOException {
    return eventFiles().stream().map(file -> DynamicTest.dynamicTest(
        template.path().getParent().relativize(file).toString(), () -> invoke(file)));
  }

  private static void invoke(Path file) throws Exception {
    String functionId = file.getParent().getFileName().toString();
    TemplateFunctions.Function function = TemplateFunctions.read(template).stream()
        .filter(f -> f.logicalId().equals(functionId)).findFirst()
        .orElseThrow(() -> new AssertionError("events/" + functionId + ": template.yaml has no function " + functionId));
    LambdaFunction lambda = HANDLERS.computeIfAbsent(function.handler(),
        h -> LambdaFunction.load(h, EventsIT.class.getClassLoader()));

    Map<String, Object> event = JSON.std.mapFrom(Files.readString(file));
    if (SignEvent.isSigned(event)) {
      SignEvent.sign(event, SECRET, BASE_URL, Instant.now());
    }
    String result = lambda.invoke(JSON.std.asString(event),
        new LocalContext("events-it", functionId, function.timeoutSeconds(), function.memoryMb()));
    if (function.routes().isEmpty()) { // not an HTTP function: a scheduled one answers with its report
      Object report = JSON.std.anyFrom(result);
      assertTrue(report instanceof Map, file + " did not answer a JSON object: " + result);
      ScheduledReports.check(function, event, (Map<?, ?>) report, file + ": " + result);
      return;
    }
    HttpApiResponse response = HttpApiResponse.fromFunctionResult(result);

    // A read sample asks for the demo's ids (partner 111), which this class's empty table does not
    // hold: its handler ran end to end when it answers 404 with a JSON message.
    boolean read = "GET".equals(((Map<?, ?>) ((Map<?, ?>) event.get("requestContext")).get("http")).get("method"));
    assertTrue(response.statusCode() >= 200 && response.statusCode() < 300 || read && response.statusCode() == 404,
        file + " answered " + response.statusCode() + ": " + response.bodyText());
    Object body = JSON.std.anyFrom(response.bodyText());
    assertTrue(body instanceof Map || body instanceof List, file + " did not answer JSON: " + response.bodyText());
  }
}
