package com.partnercredit.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of partner-credit, one rule per arrow (docs/architecture.md):
 *
 * <pre>
 *   domain  ←  adapters (store, hubspot, http, config, log, metrics)  ←  use cases  ←  handlers
 *                                                   wiring (Dagger) only at the edge
 * </pre>
 *
 * <p>Use cases are the shared {@code webhook} gate and, in each function module, every class that is
 * not its edge. The edge of a function is its {@code *Handler}, the handler's {@code *Priming}, its
 * Dagger {@code *Component} and {@code *Module}; nothing else imports the wiring or a handler. Every module's
 * {@code ArchitectureTest} includes these rules with {@code ArchTests.in(Layers.class)}, on
 * {@link ProductionCode}.
 */
public final class Layers {
  private Layers() {}

  /**
   * Production classes only: neither a module's test classes nor the shared test-jar (its builders
   * and benchmarks may cross layers, as tests do).
   */
  public static final class ProductionCode implements ImportOption {
    private static final ImportOption NOT_TESTS = new ImportOption.DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
      return NOT_TESTS.includes(location) && !location.contains("-tests.jar") && !location.contains("/test-classes/");
    }
  }

  static final String DOMAIN = "com.partnercredit.domain..";
  static final String STORE = "com.partnercredit.store..";
  static final String HUBSPOT = "com.partnercredit.hubspot..";
  static final String HTTP = "com.partnercredit.http..";
  static final String CONFIG = "com.partnercredit.config..";
  static final String LOG = "com.partnercredit.log..";
  static final String METRICS = "com.partnercredit.metrics..";
  static final String[] ADAPTERS = {STORE, HUBSPOT, HTTP, CONFIG, LOG, METRICS};
  static final String WEBHOOK = "com.partnercredit.webhook..";
  static final String WIRING = "com.partnercredit.wiring..";
  static final String[] FUNCTIONS = {
    "com.partnercredit.ingestion..", "com.partnercredit.assignments..",
    "com.partnercredit.tier..", "com.partnercredit.publisher..", "com.partnercredit.dashboard.."
  };

  /**
   * A function's edge: its handler, the handler's SnapStart priming (run by the Lambda runtime's
   * hook, it drives the handler), its Dagger component and module, and what Dagger generates.
   */
  static final DescribedPredicate<JavaClass> EDGE = new DescribedPredicate<>(
      "a handler, its priming, a Dagger component or module") {
    @Override
    public boolean test(JavaClass type) {
      JavaClass top = type.getBaseComponentType();
      while (top.getEnclosingClass().isPresent()) {
        top = top.getEnclosingClass().get();
      }
      String name = top.getSimpleName();
      return name.endsWith("Handler") || name.endsWith("Priming") || name.endsWith("Component") || name.endsWith("Module")
          || name.startsWith("Dagger") || name.contains("_");
    }
  };

  @ArchTest
  static final ArchRule domainDependsOnNothingOfOurs = noClasses()
      .that().resideInAPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAnyPackage(
          STORE, HUBSPOT, HTTP, CONFIG, LOG, METRICS, WEBHOOK, WIRING, FUNCTIONS[0], FUNCTIONS[1], FUNCTIONS[2], FUNCTIONS[3],
          FUNCTIONS[4])
      .because("the domain is pure: every other layer depends on it, never the reverse");

  @ArchTest
  static final ArchRule adaptersDependOnNoUseCaseOrWiring = noClasses()
      .that().resideInAnyPackage(ADAPTERS)
      .should().dependOnClassesThat().resideInAnyPackage(
          WEBHOOK, WIRING, FUNCTIONS[0], FUNCTIONS[1], FUNCTIONS[2], FUNCTIONS[3], FUNCTIONS[4])
      .because("adapters serve the use cases; they do not call them");

  @ArchTest
  static final ArchRule storeIsNoOtherAdapter = noClasses()
      .that().resideInAPackage(STORE)
      .should().dependOnClassesThat().resideInAnyPackage(HUBSPOT, HTTP, CONFIG)
      .because("the store keeps facts; parsing and HTTP are other adapters'");

  @ArchTest
  static final ArchRule hubspotOnlyParsesAndSigns = noClasses()
      .that().resideInAPackage(HUBSPOT)
      .should().dependOnClassesThat().resideInAnyPackage(STORE, HTTP, CONFIG)
      .because("hubspot is webhook parsing and signatures only: storing is a use case's job");

  @ArchTest
  static final ArchRule httpIsNoOtherAdapter = noClasses()
      .that().resideInAPackage(HTTP)
      .should().dependOnClassesThat().resideInAnyPackage(STORE, HUBSPOT, CONFIG);

  @ArchTest
  static final ArchRule configIsNoOtherAdapter = noClasses()
      .that().resideInAPackage(CONFIG)
      .should().dependOnClassesThat().resideInAnyPackage(STORE, HUBSPOT, HTTP);

  @ArchTest
  static final ArchRule metricsIsNoOtherAdapter = noClasses()
      .that().resideInAPackage(METRICS)
      .should().dependOnClassesThat().resideInAnyPackage(STORE, HUBSPOT, HTTP, CONFIG)
      .because("metrics only measures: a use case fills a Measurement, the adapter writes it (with log's JSON lines)");

  @ArchTest
  static final ArchRule logDependsOnNoOtherAdapter = noClasses()
      .that().resideInAPackage(LOG)
      .should().dependOnClassesThat().resideInAnyPackage(STORE, HUBSPOT, HTTP, CONFIG, METRICS)
      .because("logging is the bottom adapter: every other may log");

  @ArchTest
  static final ArchRule sharedUseCasesDependOnNoFunctionOrWiring = noClasses()
      .that().resideInAPackage(WEBHOOK)
      .should().dependOnClassesThat().resideInAnyPackage(
          WIRING, FUNCTIONS[0], FUNCTIONS[1], FUNCTIONS[2], FUNCTIONS[3], FUNCTIONS[4]);

  @ArchTest
  static final ArchRule useCasesDependOnNoWiring = noClasses()
      .that().resideInAnyPackage(FUNCTIONS).and(DescribedPredicate.not(EDGE))
      .should().dependOnClassesThat().resideInAPackage(WIRING)
      .because("wiring happens at the edge: the handler and its Dagger component")
      .allowEmptyShould(true); // shared's own test sees no function module

  @ArchTest
  static final ArchRule useCasesDependOnNoHandler = noClasses()
      .that().resideInAnyPackage(FUNCTIONS).and(DescribedPredicate.not(EDGE))
      .should().dependOnClassesThat(EDGE)
      .because("handlers call use cases, not the reverse")
      .allowEmptyShould(true);

  @ArchTest
  static final ArchRule wiringIsOnlyAtTheEdge = noClasses()
      .that().resideOutsideOfPackages(WIRING, "com.partnercredit.testsupport..", "com.partnercredit.localstack..")
      .and(DescribedPredicate.not(EDGE))
      .should().dependOnClassesThat().resideInAPackage(WIRING);

  @ArchTest
  static final ArchRule noPackageCycles = slices()
      .matching("com.partnercredit.(*)..")
      .should().beFreeOfCycles();
}
