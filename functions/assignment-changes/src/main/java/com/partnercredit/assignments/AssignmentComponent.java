package com.partnercredit.assignments;

import com.partnercredit.wiring.HubSpotModule;
import dagger.Component;
import javax.inject.Singleton;

/** The assignment-changes function's object graph, built once per Lambda init. */
@Singleton
@Component(modules = HubSpotModule.class)
public interface AssignmentComponent {
  AssignmentHandler handler();
}
