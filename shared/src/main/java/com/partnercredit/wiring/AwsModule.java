package com.partnercredit.wiring;

import dagger.Module;
import dagger.Provides;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS clients: url-connection-client (the lightest to start), an explicit region, and
 * environment credentials (what Lambda provides). With {@code AWS_ENDPOINT_URL} set, the clients
 * talk to that emulator and fall back to dummy credentials when none are configured.
 */
@Module
public final class AwsModule {
  private AwsModule() {}

  @Provides
  @Singleton
  static SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.builder().build();
  }

  @Provides
  @Singleton
  static AwsCredentialsProvider credentials(Config config) {
    if (config.endpointOverride().isEmpty()) {
      return EnvironmentVariableCredentialsProvider.create();
    }
    return AwsCredentialsProviderChain.builder()
        .credentialsProviders(
            EnvironmentVariableCredentialsProvider.create(),
            SystemPropertyCredentialsProvider.create(),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
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

  /**
   * Any service client's builder set up as above: the shared HTTP client, the region, the
   * credentials and the emulator endpoint when there is one. For function modules that add a
   * client of their own (the publisher's EventBridge).
   */
  public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    builder.httpClient(http).region(Region.of(config.region())).credentialsProvider(credentials);
    config.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }
}
