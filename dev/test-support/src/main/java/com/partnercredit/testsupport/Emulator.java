package com.partnercredit.testsupport;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB-compatible endpoint (it also serves EventBridge), obtained once per JVM:
 *
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL} when set;
 *   <li>else LocalStack through Testcontainers when Docker is available;
 *   <li>else {@code moto_server} from the {@code PATH} (or {@code ~/.pyenv/shims}, {@code ~/.local/bin}),
 *       started on a free loopback port and stopped at JVM exit. By default through {@code fast_moto.py}
 *       (see {@link MotoServer#startFast}), whose Query costs O(partition) instead of O(table); with
 *       {@code MOTO_FAST=false} (environment) or {@code -Dmoto.fast=false}, stock {@code moto_server};
 *   <li>else an {@link IllegalStateException} saying how to get one.
 * </ol>
 */
public final class Emulator {

  /** Where the endpoint comes from. */
  public enum Kind { ENDPOINT_URL, LOCALSTACK, MOTO_SERVER }

  /** The choice made from the environment, before anything is started. */
  record Plan(Kind kind, URI endpoint, Path motoServer) {}

  static final String DEFAULT_REGION = "us-east-1";
  static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.9";

  private static Emulator shared;

  private final Kind kind;
  private final URI endpoint;
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final String detail;

  Emulator(Kind kind, URI endpoint, Region region, AwsCredentialsProvider credentials) {
    this(kind, endpoint, region, credentials, "");
  }

  Emulator(Kind kind, URI endpoint, Region region, AwsCredentialsProvider credentials, String detail) {
    this.kind = kind;
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
    this.detail = detail;
  }

  /** The JVM's emulator, started on first use. */
  public static synchronized Emulator shared() {
    if (shared == null) {
      shared = start(System.getenv());
    }
    return shared;
  }

  static Emulator start(Map<String, String> env) {
    Plan plan = plan(env, Emulator::dockerAvailable, name -> onPath(name, searchPath(env)));
    Region region = Region.of(region(env));
    AwsCredentialsProvider configured = credentials(env);
    switch (plan.kind()) {
      case ENDPOINT_URL:
        return new Emulator(Kind.ENDPOINT_URL, plan.endpoint(), region, configured);
      case LOCALSTACK:
        return LocalStack.start(env.getOrDefault("LOCALSTACK_IMAGE", DEFAULT_LOCALSTACK_IMAGE), region);
      default:
        MotoServer moto = fastMoto(env, System.getProperty(FAST_PROPERTY))
            ? MotoServer.startFast(plan.motoServer())
            : MotoServer.start(plan.motoServer());
        Runtime.getRuntime().addShutdownHook(new Thread(moto::close, "moto_server-stop"));
        return new Emulator(Kind.MOTO_SERVER, moto.endpoint(), region, configured,
            moto.fastQuery() ? "fast_moto.py: Query reads the partition" : "stock moto: Query reads the whole table");
    }
  }

  /** The system property that, like the environment variable {@code MOTO_FAST}, turns fast_moto.py off. */
  static final String FAST_PROPERTY = "moto.fast";

  /**
   * Whether moto is started through {@code fast_moto.py}: yes unless the system property
   * {@code moto.fast}, or else the environment variable {@code MOTO_FAST}, is {@code false}/{@code 0}/{@code no}/{@code off}.
   */
  static boolean fastMoto(Map<String, String> env, String property) {
    String setting = property != null && !property.isBlank() ? property : env.get("MOTO_FAST");
    if (setting == null || setting.isBlank()) {
      return true;
    }
    return !List.of("false", "0", "no", "off").contains(setting.trim().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Chooses the emulator. The probes are only called when needed, in order.
   *
   * @throws IllegalStateException when none is available, saying how to get one
   */
  static Plan plan(Map<String, String> env, BooleanSupplier dockerAvailable, Function<String, Optional<Path>> findExecutable) {
    String url = env.get("AWS_ENDPOINT_URL");
    if (url != null && !url.isBlank()) {
      URI endpoint;
      try {
        endpoint = URI.create(url.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("AWS_ENDPOINT_URL is not a URL: " + url, e);
      }
      if (endpoint.getScheme() == null || endpoint.getHost() == null) {
        throw new IllegalStateException("AWS_ENDPOINT_URL must look like http://127.0.0.1:5000, not: " + url);
      }
      return new Plan(Kind.ENDPOINT_URL, endpoint, null);
    }
    if (dockerAvailable.getAsBoolean()) {
      return new Plan(Kind.LOCALSTACK, null, null);
    }
    Optional<Path> moto = findExecutable.apply("moto_server");
    if (moto.isPresent()) {
      return new Plan(Kind.MOTO_SERVER, null, moto.get());
    }
    throw new IllegalStateException(String.join("\n",
        "No DynamoDB-compatible emulator available: AWS_ENDPOINT_URL is not set, Docker is not available"
            + " (for LocalStack through Testcontainers), and moto_server is not on the PATH. Any one of these works:",
        "  - set AWS_ENDPOINT_URL to a running emulator, e.g. AWS_ENDPOINT_URL=http://127.0.0.1:5000",
        "  - start Docker (LocalStack is then started through Testcontainers)",
        "  - install moto: pip install 'moto[server]'  (moto_server must then be on the PATH)"));
  }

  static String region(Map<String, String> env) {
    String region = env.get("AWS_REGION");
    return region == null || region.isBlank() ? DEFAULT_REGION : region.trim();
  }

  static AwsCredentialsProvider credentials(Map<String, String> env) {
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (key != null && !key.isBlank() && secret != null && !secret.isBlank()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  }

  /** {@code PATH}, then where pip and pyenv put scripts (a non-login shell may lack them). */
  static String searchPath(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    String path = env.getOrDefault("PATH", "");
    return path + File.pathSeparator + home + "/.pyenv/shims" + File.pathSeparator + home + "/.local/bin";
  }

  static Optional<Path> onPath(String name, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean dockerAvailable() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The endpoint for DynamoDB, and for EventBridge on the same emulator. */
  public URI endpoint() {
    return endpoint;
  }

  public Region region() {
    return region;
  }

  /** The configured AWS credentials, or {@code test}/{@code test}. */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** A new client for this emulator (url-connection-client, explicit region); close it when done. */
  public DynamoDbClient newDynamoDbClient() {
    return newDynamoDbClient(new ExecutionInterceptor[0]);
  }

  /** A client that also passes every call through {@code interceptors} (a {@link RequestCounter}, say). */
  public DynamoDbClient newDynamoDbClient(ExecutionInterceptor... interceptors) {
    return newDynamoDbClient(c -> {
      for (ExecutionInterceptor interceptor : interceptors) {
        c.addExecutionInterceptor(interceptor);
      }
    });
  }

  /**
   * A client whose override configuration {@code configure} sets: the functions' retries and timeouts
   * ({@code AwsModule.boundedRetries}), interceptors such as a {@link FaultInjector}.
   */
  public DynamoDbClient newDynamoDbClient(java.util.function.Consumer<ClientOverrideConfiguration.Builder> configure) {
    return configure(DynamoDbClient.builder()).overrideConfiguration(configure).build();
  }

  /**
   * Points any SDK client's builder at this emulator (url-connection-client, endpoint, region,
   * credentials): {@code emulator.configure(EventBridgeClient.builder()).build()}.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
    return builder.httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials);
  }

  @Override
  public String toString() {
    return kind + " " + endpoint + " (" + region.id() + (detail.isEmpty() ? "" : "; " + detail) + ")";
  }

  /** Kept apart so that Testcontainers' LocalStack classes load only when Docker is there. */
  private static final class LocalStack {
    static Emulator start(String image, Region region) {
      var container = new org.testcontainers.localstack.LocalStackContainer(
              org.testcontainers.utility.DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
          .withServices("dynamodb", "events");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
      return new Emulator(Kind.LOCALSTACK, container.getEndpoint(), region,
          StaticCredentialsProvider.create(AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey())));
    }
  }
}
