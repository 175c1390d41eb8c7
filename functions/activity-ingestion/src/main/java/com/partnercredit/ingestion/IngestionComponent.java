package com.partnercredit.ingestion;

import com.partnercredit.wiring.HubSpotModule;
import com.partnercredit.wiring.RulesModule;
import dagger.Component;
import javax.inject.Singleton;

/** The activity-ingestion function's object graph, built once per Lambda init. */
@Singleton
@Component(modules = {HubSpotModule.class, RulesModule.class})
public interface IngestionComponent {
  IngestionHandler handler();
}
