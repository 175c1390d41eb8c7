package com.partnercredit.dashboard;

import dagger.Component;
import javax.inject.Singleton;

/** The dashboard function's object graph, built once per Lambda init. */
@Singleton
@Component(modules = DashboardModule.class)
public interface DashboardComponent {
  DashboardHandler handler();
}
