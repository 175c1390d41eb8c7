package com.partnercredit.wiring;

import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.metrics.Metrics;
import dagger.Module;
import dagger.Provides;
import javax.inject.Singleton;

/** Metrics as Embedded Metric Format lines on standard output, in the namespace configured once. */
@Module
public final class MetricsModule {
  private MetricsModule() {}

  @Provides
  @Singleton
  static Metrics metrics(Config config) {
    return EmfMetrics.toStandardOutput(config.metricsNamespace());
  }
}
