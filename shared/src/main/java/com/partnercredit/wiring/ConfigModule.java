package com.partnercredit.wiring;

import com.partnercredit.store.TableName;
import dagger.Module;
import dagger.Provides;
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
   * The secret is read once, at init ({@link ConfigSecret}): in AWS from the Secrets Manager
   * secret named by {@code HUBSPOT_CLIENT_SECRET_ARN} (a plain {@code HUBSPOT_CLIENT_SECRET} does
   * not override it there); locally from {@code HUBSPOT_CLIENT_SECRET} when set. A JSON key/value
   * SecretString is read too. From Secrets Manager, the version a rotation replaced
   * ({@code AWSPREVIOUS}) is read as well and accepted for a grace period ({@link ConfigSecret#read}).
   */
  @Provides
  @Singleton
  static ConfigSecret.Secrets hubspotClientSecrets(Config config, dagger.Lazy<SecretsManagerClient> secrets) {
    ConfigSecret.Source source = ConfigSecret.source(config, ConfigSecret.runningInLambda(System::getenv));
    if (source instanceof ConfigSecret.Plain plain) {
      return ConfigSecret.Secrets.only(plain.secret());
    }
    return ConfigSecret.read(secrets.get(), ((ConfigSecret.FromArn) source).arn());
  }
}
