package com.partnercredit.localstack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One cold start, run by {@link ColdStartBenchmark} (and {@link ShadedJarsIT}) in a fresh JVM whose
 * classpath is one function's shaded jar, the Lambda runtime's serialization library and this
 * module's classes, nothing else: it does what the Lambda Java runtime does (the handler's
 * no-arg constructor, then invocations through the runtime's event serializer), and reports.
 *
 * <pre>
 * ColdStartProbe &lt;handler class::method&gt; &lt;kind&gt; &lt;mode&gt; &lt;warm requests&gt;
 *   kind: ingestion | assignments | points | publisher | sdk (the bare SDK handler)
 *   mode: cold (init, then requests) | primed (init, the SnapStart hook, then requests) | prime-only
 * </pre>
 *
 * <p>It prints {@code FIRST <status>} as soon as the first response is back (the benchmark reads the
 * time to first response off that line), then {@code RESULT init=<ms> prime=<ms> first=<ms>
 * warm=<ms,...>}. Configuration comes as system properties or environment variables, as the
 * handlers read it ({@code Config}).
 */
public final class ColdStartProbe {
  static final Pattern RESULT = Pattern.compile(
      "RESULT init=(\\d+\\.\\d+) prime=(\\d+\\.\\d+) first=(\\d+\\.\\d+) warm=([\\d.,]*)");
  private static final Pattern STATUS = Pattern.compile("\"statusCode\":(\\d+)");

  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    String handler = args[0];
    String kind = args[1];
    String mode = args[2];
    int warm = Integer.parseInt(args[3]);

    long started = System.nanoTime();
    LambdaFunction lambda = LambdaFunction.load(handler, ColdStartProbe.class.getClassLoader());
    double init = millisSince(started);
    double prime = 0;
    if (!mode.equals("cold")) {
      long priming = System.nanoTime();
      if (!lambda.beforeCheckpoint()) {
        throw new IllegalStateException(handler + " registers no SnapStart hook");
      }
      prime = millisSince(priming);
      if (mode.equals("prime-only")) {
        System.out.println("PRIMED " + prime);
        System.exit(0);
      }
    }

    Requests requests = new Requests(kind);
    long first = System.nanoTime();
    String response = lambda.invoke(requests.event(0), new LocalContext("probe-0", kind, 29, 1024));
    double firstMillis = millisSince(first);
    System.out.println("FIRST " + status(response));
    System.out.flush();
    checkOk(response);

    List<String> warmMillis = new ArrayList<>();
    for (int i = 1; i <= warm; i++) {
      long t = System.nanoTime();
      checkOk(lambda.invoke(requests.event(i), new LocalContext("probe-" + i, kind, 29, 1024)));
      warmMillis.add(String.format("%.2f", millisSince(t)));
    }
    System.out.printf("RESULT init=%.2f prime=%.2f first=%.2f warm=%s%n", init, prime, firstMillis,
        String.join(",", warmMillis));
    System.exit(0);
  }

  private static double millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e6;
  }

  private static String status(String response) {
    Matcher m = STATUS.matcher(response);
    return m.find() ? m.group(1) : "ok";
  }

  private static void checkOk(String response) {
    String status = status(response);
    if (!status.equals("ok") && !status.startsWith("2")) {
      throw new IllegalStateException("answered " + response);
    }
  }

  /**
   * The java command that runs this probe on {@code jar}: the jar first, then the runtime's
   * serialization library and this module's classes (for {@link LambdaFunction} and the probe).
   */
  static List<String> command(Path jar, List<String> jvmOptions, Map<String, String> properties, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, jar.toString(), location(LambdaEventSerializers.class),
        location(LambdaFunction.class), location(ColdStartProbe.class)));
    command.add(ColdStartProbe.class.getName());
    command.addAll(Arrays.asList(args));
    return command;
  }

  static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The events of one kind of function, each request a new one (new event ids, so writes are real). */
  private static final class Requests {
    private final String kind;
    private final long base = System.currentTimeMillis();

    Requests(String kind) {
      this.kind = kind;
    }

    String event(int i) {
      return switch (kind) {
        case "ingestion" -> signedPost("/webhooks/hubspot", "[{\"eventId\":" + (base * 1000 + i)
            + ",\"subscriptionId\":42,\"portalId\":" + (900_000 + i) + ",\"appId\":7,\"occurredAt\":" + (base - 60_000)
            + ",\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":" + i
            + ",\"changeSource\":\"CRM_UI\",\"sourceId\":\"userId:" + (5_000_000 + i) + "\"}]");
        case "assignments" -> {
          long client = base * 1000 + i;
          String system = "\"actor\":{\"role\":\"SYSTEM\"},\"occurredAt\":" + (base - 60_000);
          yield signedPost("/webhooks/assignments", "["
              + "{\"eventId\":\"probe-" + client + "-1\",\"type\":\"CLIENT_UPSERTED\"," + system + ",\"clientId\":" + client
              + ",\"name\":\"Probe client\",\"domain\":\"probe.example\",\"currency\":\"USD\"},"
              + "{\"eventId\":\"probe-" + client + "-2\",\"type\":\"SUBSCRIPTION_CHANGED\"," + system + ",\"clientId\":"
              + client + ",\"mrr\":\"100.00\",\"currency\":\"USD\"},"
              + "{\"eventId\":\"probe-" + client + "-3\",\"type\":\"CLIENT_USER_ADDED\"," + system + ",\"clientId\":"
              + client + ",\"userId\":" + i + ",\"email\":\"user" + i + "@probe.example\"}]");
        }
        case "points" -> pointsOf(DemoSeed.DEMO_PARTNER);
        case "publisher" -> "{\"version\":\"0\",\"id\":\"probe-" + i + "\",\"detail-type\":\"Scheduled Event\","
            + "\"source\":\"aws.events\",\"time\":\"" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}";
        case "sdk" -> "{\"request\":" + i + "}";
        default -> throw new IllegalArgumentException("unknown kind " + kind);
      };
    }

    private static String signedPost(String path, String body) {
      long now = System.currentTimeMillis();
      String secret = setting("HUBSPOT_CLIENT_SECRET");
      String signature = SignatureV3.sign(new ClientSecret(secret.getBytes(StandardCharsets.UTF_8)), "POST",
          setting("PUBLIC_BASE_URL") + path, body, now);
      return "{\"version\":\"2.0\",\"routeKey\":\"POST " + path + "\",\"rawPath\":\"" + path + "\",\"rawQueryString\":\"\","
          + "\"headers\":{\"content-type\":\"application/json\",\"x-hubspot-request-timestamp\":\"" + now + "\","
          + "\"x-hubspot-signature-v3\":\"" + signature + "\"},"
          + requestContext("POST", path, "") + ",\"body\":" + quoted(body) + ",\"isBase64Encoded\":false}";
    }

    private static String pointsOf(long partner) {
      String path = "/partners/" + partner + "/points";
      return "{\"version\":\"2.0\",\"routeKey\":\"GET /partners/{partnerId}/points\",\"rawPath\":\"" + path + "\","
          + "\"rawQueryString\":\"\",\"headers\":{\"accept\":\"application/json\"},"
          + "\"pathParameters\":{\"partnerId\":\"" + partner + "\"},"
          + requestContext("GET", path, ",\"authorizer\":{\"jwt\":{\"claims\":{\"sub\":\"probe\",\"partner_id\":\""
              + partner + "\"}}}") + ",\"isBase64Encoded\":false}";
    }

    private static String requestContext(String method, String path, String extra) {
      return "\"requestContext\":{\"accountId\":\"123456789012\",\"apiId\":\"probe\",\"domainName\":\"127.0.0.1:3000\","
          + "\"http\":{\"method\":\"" + method + "\",\"path\":\"" + path + "\",\"protocol\":\"HTTP/1.1\","
          + "\"sourceIp\":\"127.0.0.1\",\"userAgent\":\"probe\"},\"requestId\":\"probe\",\"stage\":\"$default\","
          + "\"timeEpoch\":" + System.currentTimeMillis() + extra + "}";
    }

    private static String quoted(String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  static String setting(String name) {
    String value = System.getenv(name);
    return value != null ? value : System.getProperty(name);
  }

  /**
   * The floor for this kind of function: a bare AWS SDK v2 handler (the same url-connection client,
   * no Dagger, no domain) that makes one DynamoDB request per invocation, a {@code GetItem}.
   */
  public static final class BareSdkHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final DynamoDbClient dynamo = DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.of(setting("AWS_REGION")))
        .endpointOverride(URI.create(setting("AWS_ENDPOINT_URL")))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
    private final String table = setting("TABLE_NAME");

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
      boolean found = dynamo.getItem(b -> b.tableName(table).key(Map.of(
          "pk", AttributeValue.fromS("PROBE#floor"), "sk", AttributeValue.fromS("PROBE")))).hasItem();
      return Map.of("found", found);
    }
  }

  /** The bare JVM baseline: prints a line and exits. */
  public static final class Hello {
    private Hello() {}

    public static void main(String[] args) {
      System.out.println("FIRST hello");
    }
  }
}
