package com.partnercredit.dashboard;

import com.partnercredit.testsupport.Layers;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/** The project's layering (docs/architecture.md), checked on this module's classes and what it depends on. */
@AnalyzeClasses(packages = "com.partnercredit", importOptions = Layers.ProductionCode.class)
class ArchitectureTest {
  @ArchTest
  static final ArchTests LAYERS = ArchTests.in(Layers.class);
}
