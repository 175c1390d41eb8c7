package com.partnercredit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The domain is pure Java (docs/architecture.md): no AWS types, no
 * file or network I/O (that it depends on none of our other layers is {@code Layers}' rule), and money and points never go through {@code double} or {@code float}.
 */
@AnalyzeClasses(packages = "com.partnercredit", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainIsPureTest {

  static final String DOMAIN = "com.partnercredit.domain..";

  @ArchTest
  static final ArchRule domainDependsOnNoAwsType = noClasses()
      .that().resideInAPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..");

  @ArchTest
  static final ArchRule domainDoesNoIo = noClasses()
      .that().resideInAPackage(DOMAIN)
      .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.sql..");

  @ArchTest
  static final ArchRule domainHasNoDoubleOrFloatField = noFields()
      .that().areDeclaredInClassesThat().resideInAPackage(DOMAIN)
      .should().haveRawType(double.class).orShould().haveRawType(float.class)
      .orShould().haveRawType(Double.class).orShould().haveRawType(Float.class);

  @ArchTest
  static final ArchRule domainMethodsNeitherTakeNorReturnDoubleOrFloat = noMethods()
      .that().areDeclaredInClassesThat().resideInAPackage(DOMAIN)
      .should(takeOrReturnFloatingPoint());

  @ArchTest
  static final ArchRule domainNeverConvertsToFloatingPoint = noClasses()
      .that().resideInAPackage(DOMAIN)
      .should().callMethod(java.math.BigDecimal.class, "doubleValue")
      .orShould().callMethod(java.math.BigDecimal.class, "floatValue")
      .orShould().callMethod(java.math.BigDecimal.class, "valueOf", double.class)
      .orShould().callConstructor(java.math.BigDecimal.class, double.class)
      .orShould().dependOnClassesThat().belongToAnyOf(Double.class, Float.class);

  private static ArchCondition<JavaMethod> takeOrReturnFloatingPoint() {
    return new ArchCondition<>("take or return double or float") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        boolean floating = isFloating(method.getRawReturnType())
            || method.getRawParameterTypes().stream().anyMatch(DomainIsPureTest::isFloating);
        events.add(new SimpleConditionEvent(method, floating, method.getFullName()));
      }
    };
  }

  private static boolean isFloating(JavaClass type) {
    return type.isEquivalentTo(double.class) || type.isEquivalentTo(float.class)
        || type.isEquivalentTo(Double.class) || type.isEquivalentTo(Float.class);
  }
}
