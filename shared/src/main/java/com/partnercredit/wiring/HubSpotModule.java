package com.partnercredit.wiring;

import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import javax.inject.Singleton;

/** The webhook signature check and the qualifying-activity catalogue, built once at init. */
@Module(includes = {ConfigModule.class, AwsModule.class, MetricsModule.class})
public final class HubSpotModule {
  private HubSpotModule() {}

  @Provides
  @Singleton
  static SignatureV3 signature(ConfigSecret.Secrets secrets, Clock clock) {
    return new SignatureV3(secrets.current(), secrets.previous(), clock);
  }

  /** The current secret: what SnapStart priming signs its sample webhook with. */
  @Provides
  static ClientSecret clientSecret(ConfigSecret.Secrets secrets) {
    return secrets.current();
  }

  @Provides
  @Singleton
  static ActivityCatalogue catalogue() {
    return ActivityCatalogue.standard();
  }
}
