package com.partnercredit.wiring;

import com.partnercredit.hubspot.ClientSecrets;
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
   * The secret is read at init ({@link ConfigSecret}): in AWS from the Secrets Manager secret named
   * by {@code HUBSPOT_CLIENT_SECRET_ARN} (a plain {@code HUBSPOT_CLIENT_SECRET} does not override it
   * there); locally from {@code HUBSPOT_CLIENT_SECRET} when set. A JSON key/value SecretString is
   * read too. From Secrets Manager, the version a rotation replaced ({@code AWSPREVIOUS}) is read as
   * well and accepted for a grace period ({@link ConfigSecret#read}), and both are read again after a
   * SnapStart restore and when a signature does not match, at most once per
   * {@code HUBSPOT_SECRET_REREAD_SECONDS} ({@link ClientSecrets}). A local secret is never re-read.
   */
  @Provides
  @Singleton
  static ClientSecrets hubspotClientSecrets(Config config, dagger.Lazy<SecretsManagerClient> secrets, Clock clock) {
    ConfigSecret.Source source = ConfigSecret.source(config, ConfigSecret.runningInLambda(System::getenv));
    if (source instanceof ConfigSecret.Plain plain) {
      return ClientSecrets.fixed(ConfigSecret.only(plain.secret()));
    }
    String arn = ((ConfigSecret.FromArn) source).arn();
    return ClientSecrets.readFrom(() -> ConfigSecret.read(secrets.get(), arn), config.secretRereadInterval(), clock);
  }
}
