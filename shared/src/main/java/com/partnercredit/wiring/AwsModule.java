package com.partnercredit.wiring;

import com.partnercredit.store.FactStore;
import dagger.Module;
import java.time.Duration;
import dagger.Provides;
import javax.inject.Singleton;
import com.partnercredit.metrics.DynamoDbCalls;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS clients: url-connection-client (the lightest to start), an explicit region, and the SDK's
 * default credentials chain, in AWS and everywhere else alike. Under SnapStart, Lambda gives a
 * function no access-key variables but container credentials ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}
 * and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), which the chain reads. With {@code AWS_ENDPOINT_URL}
 * set, the clients talk to that emulator, with the same credentials chain: the tests and the local
 * stack give it credentials the ordinary way ({@code aws.accessKeyId}/{@code aws.secretAccessKey}
 * system properties, or {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}).
 */
@Module
public final class AwsModule {
  private AwsModule() {}

  /** The url-connection client, which the priming hooks can make answer from inside the process ({@link DryRunHttpClient}). */
  @Provides
  @Singleton
  static DryRunHttpClient dryRunHttpClient() {
    keepAliveForEveryReadInFlight();
    return new DryRunHttpClient(UrlConnectionHttpClient.builder().build());
  }

  @Provides
  @Singleton
  static SdkHttpClient httpClient(DryRunHttpClient client) {
    return client;
  }

  /**
   * HttpURLConnection keeps 5 idle connections per host unless told otherwise: with up to
   * {@link FactStore#READS_IN_FLIGHT} reads in flight, every connection past the fifth would be
   * closed after its request and opened again, TLS and all, for the next. Set before the first
   * connection (at init); a value already set (a JVM option) wins.
   */
  static void keepAliveForEveryReadInFlight() {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", Integer.toString(FactStore.READS_IN_FLIGHT));
    }
  }

  /**
   * The SDK's default chain (system properties, environment variables, web identity, profile,
   * container credentials, instance profile), whatever the endpoint: in Lambda with SnapStart it
   * finds the container credentials, without SnapStart the access-key variables. It remembers the
   * provider that answered and refreshes expiring credentials itself, after a restore too.
   */
  @Provides
  @Singleton
  static AwsCredentialsProvider credentials() {
    return DefaultCredentialsProvider.builder().build();
  }

  @Provides
  @Singleton
  static DynamoDbClient dynamoDb(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    return configure(DynamoDbClient.builder(), config, http, credentials).build();
  }

  @Provides
  @Singleton
  static SecretsManagerClient secretsManager(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    return configure(SecretsManagerClient.builder(), config, http, credentials).build();
  }

  /** How many attempts the SDK makes per call, at most (the default for DynamoDB is 9). */
  public static final int MAX_ATTEMPTS = 3;
  /** One attempt's limit: a DynamoDB call answers in milliseconds, a stuck connection never. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
  /**
   * One call's limit, its retries included. The routes give each call less, the time left before
   * their answer is due ({@code store.Deadline}); the publisher has minutes and gets this.
   */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The retry and timeout settings of every client: the standard strategy bounded to
   * {@link #MAX_ATTEMPTS} with short backoffs (the callers retry further only while their deadline
   * allows), no client-wide circuit breaker (a throttled burst must not fail the next requests
   * outright), and the attempt and call timeouts. Public for tests, which build their clients
   * against an emulator.
   */
  public static ClientOverrideConfiguration.Builder boundedRetries(ClientOverrideConfiguration.Builder override) {
    return override
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(MAX_ATTEMPTS)
            .circuitBreakerEnabled(false)
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(20), Duration.ofMillis(200)))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(40), Duration.ofMillis(400)))
            .build())
        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
        .apiCallTimeout(CALL_TIMEOUT);
  }

  /**
   * Any service client's builder set up as above: the shared HTTP client, the region, the
   * credentials, the emulator endpoint when there is one, {@link #boundedRetries}, and the counter of
   * DynamoDB calls behind the {@code DynamoDbRequests} metric ({@link DynamoDbCalls}). For function
   * modules that add a client of their own (the publisher's EventBridge).
   */
  public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    builder.httpClient(http).region(Region.of(config.region())).credentialsProvider(credentials)
        .overrideConfiguration(c -> boundedRetries(c).addExecutionInterceptor(DynamoDbCalls.INTERCEPTOR));
    config.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }
}
