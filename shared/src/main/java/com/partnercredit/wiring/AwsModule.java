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
    var builder = DynamoDbClient.builder()
        .httpClient(http)
        .region(Region.of(config.region()))
        .credentialsProvider(credentials);
    config.endpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Provides
  @Singleton
  static SecretsManagerClient secretsManager(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    var builder = SecretsManagerClient.builder()
        .httpClient(http)
        .region(Region.of(config.region()))
        .credentialsProvider(credentials);
    config.endpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
