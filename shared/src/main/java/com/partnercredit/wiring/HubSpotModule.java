package com.partnercredit.wiring;

import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ClientSecrets;
import com.partnercredit.hubspot.SignatureV3;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * The webhook signature check and the qualifying-activity catalogue, built once at init; the check's
 * secrets follow a rotation ({@link ClientSecrets}).
 */
@Module(includes = {ConfigModule.class, AwsModule.class, MetricsModule.class})
public final class HubSpotModule {
  private HubSpotModule() {}

  @Provides
  @Singleton
  static SignatureV3 signature(ClientSecrets secrets, Clock clock) {
    return new SignatureV3(secrets, clock);
  }

  @Provides
  @Singleton
  static ActivityCatalogue catalogue() {
    return ActivityCatalogue.standard();
  }
}
