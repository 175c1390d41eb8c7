package com.partnercredit.ingestion;

import com.partnercredit.wiring.AwsModule;
import com.partnercredit.wiring.ConfigModule;
import com.partnercredit.wiring.MetricsModule;
import dagger.Component;
import javax.inject.Singleton;

/**
 * The drain's object graph, built once per Lambda init: the table and its client, the metrics. It
 * reads no secret and no rule table.
 */
@Singleton
@Component(modules = {ConfigModule.class, AwsModule.class, MetricsModule.class})
public interface DrainComponent {
  DrainHandler handler();
}
