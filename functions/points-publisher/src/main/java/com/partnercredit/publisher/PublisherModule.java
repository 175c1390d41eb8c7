package com.partnercredit.publisher;

import com.partnercredit.wiring.AwsModule;
import com.partnercredit.wiring.Config;
import com.partnercredit.wiring.RulesModule;
import dagger.Module;
import dagger.Provides;
import javax.inject.Named;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * What only the publisher needs on top of the rules and the store: the EventBridge client (same
 * HTTP client, region, credentials and emulator endpoint as the DynamoDB client) and the bus name.
 */
@Module(includes = RulesModule.class)
public final class PublisherModule {
  public static final String EVENT_BUS = "eventBus";

  private PublisherModule() {}

  @Provides
  @Singleton
  static EventBridgeClient eventBridge(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    return AwsModule.configure(EventBridgeClient.builder(), config, http, credentials).build();
  }

  @Provides
  @Named(EVENT_BUS)
  static String eventBusName(Config config) {
    return config.eventBusName().orElseThrow(() -> new IllegalStateException(
        "EVENT_BUS_NAME is not set: name the EventBridge bus the publisher puts its events on"));
  }
}
