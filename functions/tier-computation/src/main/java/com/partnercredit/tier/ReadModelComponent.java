package com.partnercredit.tier;

import com.partnercredit.wiring.RulesModule;
import dagger.Component;
import javax.inject.Singleton;

/** The read model function's object graph, built once per Lambda init. */
@Singleton
@Component(modules = RulesModule.class)
public interface ReadModelComponent {
  ReadModelHandler handler();
}
