package com.partnercredit.dashboard;

import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.wiring.Config;
import dagger.Module;
import dagger.Provides;
import javax.inject.Singleton;

/** The page's sign-in settings, read once at init from the environment, then system properties. */
@Module
public final class DashboardModule {
  private DashboardModule() {}

  @Provides
  @Singleton
  static SignIn signIn() {
    return SignIn.from(name -> {
      String value = System.getenv(name);
      return value != null ? value : System.getProperty(name);
    });
  }

  @Provides
  @Singleton
  static Metrics metrics() {
    String namespace = System.getenv(Config.METRICS_NAMESPACE);
    return EmfMetrics.toStandardOutput(namespace != null ? namespace : Config.DEFAULT_METRICS_NAMESPACE);
  }
}
