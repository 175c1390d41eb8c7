package com.partnercredit.wiring;

import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.store.TableName;
import dagger.Module;
import dagger.Provides;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import javax.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Configuration, bound once: the settings, the table name, the clock and the HubSpot client secret. */
@Module
public final class ConfigModule {
  private ConfigModule() {}

  @Provides
  @Singleton
  static Config config() {
    return Config.fromEnvironment();
  }

  @Provides
  @TableName
  static String tableName(Config config) {
    return config.tableName();
  }

  @Provides
  @Singleton
  static Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The secret is read once, at init: from {@code HUBSPOT_CLIENT_SECRET} when set (local runs),
   * else from the Secrets Manager secret named by {@code HUBSPOT_CLIENT_SECRET_ARN}.
   */
  @Provides
  @Singleton
  static ClientSecret hubspotClientSecret(Config config, dagger.Lazy<SecretsManagerClient> secrets) {
    if (config.hubspotClientSecret().isPresent()) {
      return new ClientSecret(config.hubspotClientSecret().get().getBytes(StandardCharsets.UTF_8));
    }
    String arn = config.hubspotClientSecretArn().orElseThrow(() -> new IllegalStateException(
        "Neither HUBSPOT_CLIENT_SECRET_ARN nor HUBSPOT_CLIENT_SECRET is set: the webhook signature cannot be checked"));
    String value = secrets.get().getSecretValue(r -> r.secretId(arn)).secretString();
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("The secret " + arn + " has no SecretString");
    }
    return new ClientSecret(value.trim().getBytes(StandardCharsets.UTF_8));
  }
}
