package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TemplateTable;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local stack (docs/api.md section 7): the template's HTTP API routes on 127.0.0.1, each
 * request turned into the API Gateway HTTP API event the handler gets in AWS, against a
 * DynamoDB-compatible emulator and a table created from {@code template.yaml}.
 *
 * <p>Handlers read configuration from the environment, then from system properties of the same
 * name; the local stack sets those properties before it creates them.
 */
public final class LocalStack implements AutoCloseable {

  public static final String DEFAULT_TABLE = "partner-credit-local";
  public static final String DEFAULT_SECRET = "local-dev-secret";
  public static final int DEFAULT_PORT = 3000;
  /** Requests served at once; more wait for a free slot (Lambda's concurrency, scaled to a laptop). */
  public static final int DEFAULT_CONCURRENCY = 8;
  /** How long the stack waits for the read model to catch up with the demo seed before it answers anyway. */
  static final java.time.Duration SEED_CATCH_UP = java.time.Duration.ofSeconds(60);

  /** Settings the handlers get as system properties; the template's plain values never override them. */
  static final Set<String> OWN_SETTINGS =
      Set.of("AWS_ENDPOINT_URL", "AWS_REGION", "TABLE_NAME", "HUBSPOT_CLIENT_SECRET", "PUBLIC_BASE_URL",
          "EVENT_BUS_NAME");

  /**
   * One served route: turns a request into a response. {@code /publish} and friends plug in here.
   * Requests are served concurrently (up to {@link Settings#concurrency()} at once), so an endpoint
   * is called from several threads: it must be thread-safe, or serialize itself.
   */
  @FunctionalInterface
  public interface Endpoint {
    HttpApiResponse handle(HttpApiEvent.Request request, RouteTable.Match<Endpoint> match) throws Exception;
  }

  /**
   * @param template the SAM template
   * @param port 0 for any free port
   * @param concurrency how many requests are served at once (each function gets one handler
   *     instance per concurrent request, as Lambda does); more wait for a free slot
   */
  public record Settings(Path template, int port, String tableName, String hubspotClientSecret, int concurrency) {
    public Settings {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
      }
    }

    /** With {@link #DEFAULT_CONCURRENCY}. */
    public Settings(Path template, int port, String tableName, String hubspotClientSecret) {
      this(template, port, tableName, hubspotClientSecret, DEFAULT_CONCURRENCY);
    }

    public static Settings fromEnvironment() {
      return new Settings(Template.locateFile(),
          Integer.parseInt(env("PORT", String.valueOf(DEFAULT_PORT))),
          env("TABLE_NAME", DEFAULT_TABLE),
          env("HUBSPOT_CLIENT_SECRET", DEFAULT_SECRET),
          Integer.parseInt(env("CONCURRENCY", String.valueOf(DEFAULT_CONCURRENCY))));
    }

    private static String env(String name, String fallback) {
      String value = System.getenv(name);
      return value == null || value.isBlank() ? fallback : value.trim();
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final RouteTable<Endpoint> routes;
  private final List<String> banner;
  private final URI baseUrl;
  private final String secret;
  private final ReadModelFeed readModel;
  private volatile String readModelAfterSeed = "read model: nothing seeded";

  private LocalStack(HttpServer server, ExecutorService executor, RouteTable<Endpoint> routes, List<String> banner,
      URI baseUrl, String secret, ReadModelFeed readModel) {
    this.secret = secret;
    this.readModel = readModel;
    this.server = server;
    this.executor = executor;
    this.routes = routes;
    this.banner = banner;
    this.baseUrl = baseUrl;
  }

  /** Creates the table if missing, binds the port, creates every handler, and starts serving. */
  public static LocalStack start(Settings settings, Emulator emulator) throws IOException {
    LocalStack stack = open(settings, emulator);
    stack.server.start();
    return stack;
  }

  /**
   * Like {@link #start} but not yet answering: the port is bound, so a request sent now is accepted
   * by the system and waits in the listen backlog until {@link #seedThenServe} has seeded the demo
   * (docs/api.md section 7: the stack answers only once the demo is seeded).
   */
  public static LocalStack open(Settings settings, Emulator emulator) throws IOException {
    return open(settings, emulator, null);
  }

  /**
   * As {@link #start(Settings, Emulator)}, with the read model's function replaced by {@code readModel}
   * (for tests that inject faults into it); null: the real one.
   */
  static LocalStack start(Settings settings, Emulator emulator, StreamPoller.Target readModel) throws IOException {
    LocalStack stack = open(settings, emulator, readModel);
    stack.server.start();
    return stack;
  }

  static LocalStack open(Settings settings, Emulator emulator, StreamPoller.Target readModel) throws IOException {
    Template template = Template.read(settings.template());
    boolean created;
    try (DynamoDbClient dynamo = emulator.newDynamoDbClient()) {
      created = TemplateTable.from(template).createIfMissing(dynamo, settings.tableName());
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
    int port = server.getAddress().getPort();
    URI baseUrl = URI.create("http://127.0.0.1:" + port);

    System.setProperty("AWS_ENDPOINT_URL", emulator.endpoint().toString());
    System.setProperty("AWS_REGION", emulator.region().id());
    System.setProperty("TABLE_NAME", settings.tableName());
    System.setProperty("HUBSPOT_CLIENT_SECRET", settings.hubspotClientSecret());
    System.setProperty("PUBLIC_BASE_URL", baseUrl.toString());
    var credentials = emulator.credentials().resolveCredentials();
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", credentials.accessKeyId());
    }
    if (System.getProperty("aws.secretAccessKey") == null) {
      System.setProperty("aws.secretAccessKey", credentials.secretAccessKey());
    }

    List<String> banner = new ArrayList<>();
    banner.add("partner-credit local stack");
    banner.add("  emulator  " + emulator);
    banner.add("  table     " + settings.tableName() + (created ? " (created from " : " (exists; defined in ")
        + settings.template().getFileName() + ")");
    banner.add("  serving   up to " + settings.concurrency() + " requests at once (CONCURRENCY); a function gets "
        + "one handler instance per concurrent request, as Lambda runs them");
    banner.add("  routes    " + baseUrl);
    RouteTable<Endpoint> routes = new RouteTable<>();
    DeveloperPages.configureDashboard();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<String> served = new ArrayList<>();
    for (TemplateFunctions.Function function : TemplateFunctions.read(template)) {
      if (function.routes().isEmpty()) {
        continue;
      }
      served.add(function.logicalId());
      function.environment().forEach((name, value) -> {
        if (!OWN_SETTINGS.contains(name) && !DeveloperPages.OWN_SETTINGS.contains(name)) {
          System.setProperty(name, value);
        }
      });
      FunctionInstances instances = new FunctionInstances(function.logicalId(),
          () -> LambdaFunction.load(function.handler(), loader), settings.concurrency());
      for (TemplateFunctions.HttpRoute route : function.routes()) {
        routes.add(route.method(), route.path(), lambdaEndpoint(function, instances));
        banner.add(String.format("    %-32s -> %s (%s)", route.routeKey(), function.logicalId(), function.handler()));
      }
    }
    banner.add("  HubSpot client secret: " + (System.getenv("HUBSPOT_CLIENT_SECRET") == null
        ? "local-dev-secret (set HUBSPOT_CLIENT_SECRET to change)" : "from HUBSPOT_CLIENT_SECRET"));
    banner.addAll(curlHints(settings.template().getParent(), served, baseUrl, settings.hubspotClientSecret()));

    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(settings.concurrency(), r -> {
      Thread t = new Thread(r, "local-stack-request-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }); // a request beyond the bound waits in the executor's queue for a free thread
    ReadModelFeed feed = ReadModelFeed.start(emulator, settings.tableName(), readModel, loader);
    LocalStack stack = new LocalStack(server, executor, routes, banner, baseUrl, settings.hubspotClientSecret(), feed);
    // The publisher runs on a schedule in AWS; locally it runs on demand, and prints what it puts on the bus.
    stack.addRoute("POST", "/publish", PublishRoute.create(template, emulator, PublishRoute.DEFAULT_BUS, System.out));
    banner.add(banner.size() - stack.countHints(), "  event bus " + PublishRoute.DEFAULT_BUS
        + " (events of POST /publish are printed here and returned)");
    banner.add(banner.size() - stack.countHints(), "  read model fed from the table's stream: " + feed.describe());
    DeveloperPages.addTo(stack, settings.template().getParent());
    banner.addAll(banner.size() - stack.countHints(), DeveloperPages.bannerLines(baseUrl));
    banner.add("  try:      curl -s -X POST '" + baseUrl + "/publish?asOf=" + Instant.now().truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS) + "'");
    server.createContext("/", stack::serve);
    server.setExecutor(executor);
    return stack;
  }

  /**
   * Seeds the demo (unless {@code seed} is false) through the stack's own signed webhook routes,
   * served on a second, private loopback port, then starts answering on the public port: requests
   * that arrived meanwhile are answered after the seed, never before it. The seed is signed for the
   * public base URL, as HubSpot signs the URL it calls.
   *
   * @return what the seed's requests answered, one line each (empty when not seeded)
   * @throws IOException when the seed fails; the stack then does not answer
   */
  public List<String> seedThenServe(boolean seed, Instant now) throws IOException, InterruptedException {
    List<String> seeded = List.of();
    if (seed) {
      HttpServer seeding = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      seeding.createContext("/", this::serve);
      seeding.setExecutor(executor);
      seeding.start();
      try {
        URI target = URI.create("http://127.0.0.1:" + seeding.getAddress().getPort());
        seeded = new DemoSeed(target, baseUrl, secret).seed(now);
      } finally {
        seeding.stop(0);
      }
      // the default breakdown answers from the read model: it must have caught up with the seed
      readModelAfterSeed = readModel.awaitCaughtUp(Instant.now(), SEED_CATCH_UP);
    }
    server.start();
    return seeded;
  }

  private static Endpoint lambdaEndpoint(TemplateFunctions.Function function, FunctionInstances instances) {
    return (request, match) -> {
      String requestId = UUID.randomUUID().toString();
      Map<String, Object> event = HttpApiEvent.build(request, match.routeKey(), match.pathParameters(), requestId,
          Instant.now());
      String eventJson = JSON.std.asString(event);
      String result = instances.invoke(lambda -> lambda.invoke(eventJson,
          new LocalContext(requestId, function.logicalId(), function.timeoutSeconds(), function.memoryMb())));
      return HttpApiResponse.fromFunctionResult(result);
    };
  }

  /** How to send each sample in {@code events/<FunctionLogicalId>/} of a served function, freshly signed. */
  private static List<String> curlHints(Path root, List<String> served, URI baseUrl, String secret) {
    List<String> hints = new ArrayList<>();
    Path events = root.resolve("events");
    if (!Files.isDirectory(events)) {
      return hints;
    }
    String secretOption = DEFAULT_SECRET.equals(secret) ? "" : " --secret \"$HUBSPOT_CLIENT_SECRET\"";
    String baseOption = baseUrl.toString().equals(SignEvent.DEFAULT_BASE_URL) ? "" : " --base-url " + baseUrl;
    try (Stream<Path> files = Files.walk(events, 2)) {
      files.filter(f -> f.toString().endsWith(".json") && f.getParent().getParent().equals(events)
              && served.contains(f.getParent().getFileName().toString()))
          .sorted().forEach(f -> hints.add(
          "  try:      bin/sign-event --curl" + secretOption + baseOption + " " + root.relativize(f) + " | sh"));
    } catch (IOException ignored) {
      // no hints
    }
    return hints;
  }

  private void serve(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    HttpApiResponse response;
    String target = "-";
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      HttpApiEvent.Request request = new HttpApiEvent.Request(exchange.getRequestMethod(), rawPath,
          uri.getRawQuery() == null ? "" : uri.getRawQuery(), new LinkedHashMap<>(exchange.getRequestHeaders()), body,
          exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol(),
          "127.0.0.1:" + server.getAddress().getPort());
      var match = routes.match(request.method(), rawPath);
      if (match.isEmpty()) {
        response = HttpApiResponse.json(404, "{\"message\":\"Not Found\"}");
      } else {
        target = match.get().routeKey();
        try {
          response = match.get().target().handle(request, match.get());
        } catch (Exception | Error e) {
          System.err.println("[local-stack] " + target + " failed:");
          e.printStackTrace();
          response = HttpApiResponse.json(502, "{\"message\":\"Internal server error\"}");
        }
      }
      write(exchange, response);
      System.out.printf("%s %s -> %d (%s, %d ms)%n", request.method(), uri, response.statusCode(), target,
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  private static void write(HttpExchange exchange, HttpApiResponse response) throws IOException {
    response.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    byte[] body = response.body();
    boolean noBody = body.length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD")
        || response.statusCode() == 204 || response.statusCode() == 304;
    exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Serves one more route that is not a template function (for example {@code POST /publish}).
   *
   * @throws IllegalStateException when the template already has that method and path
   */
  public LocalStack addRoute(String method, String path, Endpoint endpoint) {
    routes.add(method, path, endpoint);
    banner.add(banner.size() - countHints(), String.format("    %-32s -> local stack", method + " " + path));
    return this;
  }

  private int countHints() {
    return (int) banner.stream().filter(line -> line.startsWith("  try:")).count() + 1;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The read model's event source mapping: its poller, or why there is none. */
  public ReadModelFeed readModel() {
    return readModel;
  }

  /** The start-up banner: emulator, table, each route, and how to call it. */
  public List<String> banner() {
    return banner;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    readModel.close();
  }

  /** Seeds the demo, unless {@code SEED_DEMO=false}, then answers requests. */
  private static void seedThenServe(LocalStack stack) throws IOException, InterruptedException {
    boolean seed = !"false".equalsIgnoreCase(String.valueOf(System.getenv("SEED_DEMO")).trim());
    try {
      List<String> seeded = stack.seedThenServe(seed, Instant.now());
      if (!seed) {
        System.out.println("  demo      not seeded (SEED_DEMO=false): the table starts empty");
        return;
      }
      seeded.forEach(line -> System.out.println("  demo      " + line));
      System.out.println("  demo      " + stack.readModelAfterSeed);
    } catch (IOException e) {
      System.err.println("local stack: the demo could not be seeded (SEED_DEMO=false starts it empty): "
          + e.getMessage());
      System.exit(1); // the shutdown hook closes the stack
    }
    System.out.println("  points:   curl -s -H \"Authorization: Bearer " + DemoSeed.demoToken() + "\" "
        + stack.baseUrl() + "/partners/" + DemoSeed.DEMO_PARTNER + "/points");
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.fromEnvironment();
    LocalStack stack;
    try {
      stack = open(settings, Emulator.shared());
    } catch (RuntimeException | IOException e) {
      System.err.println("local stack: could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stack.close();
      stopped.countDown();
    }, "local-stack-stop"));
    stack.banner().forEach(System.out::println);
    seedThenServe(stack);
    System.out.println("Open the dashboard: " + stack.baseUrl() + "/");
    System.out.println("Ctrl-C stops it.");
    stopped.await();
  }
}
