package com.partnercredit.tier;

import com.partnercredit.wiring.AwsModule;
import com.partnercredit.wiring.MetricsModule;
import com.partnercredit.wiring.ConfigModule;
import dagger.Component;
import javax.inject.Singleton;

/** The history function's object graph, built once per Lambda init: the snapshot store, no rules. */
@Singleton
@Component(modules = {ConfigModule.class, AwsModule.class, MetricsModule.class})
public interface HistoryComponent {
  HistoryHandler handler();
}
