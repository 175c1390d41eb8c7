package com.partnercredit.tier;

import com.partnercredit.wiring.RulesModule;
import dagger.Component;
import javax.inject.Singleton;

/** The program view's object graph, built once per Lambda init. */
@Singleton
@Component(modules = RulesModule.class)
public interface PartnersComponent {
  PartnersHandler handler();
}
