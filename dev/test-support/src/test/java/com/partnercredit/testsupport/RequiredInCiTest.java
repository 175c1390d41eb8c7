package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredInCiTest {
  @Test
  void ciIsSetAndNotFalse() {
    assertTrue(RequiredInCi.isCi(Map.of("CI", "true")));
    assertTrue(RequiredInCi.isCi(Map.of("CI", "1")));
    assertFalse(RequiredInCi.isCi(Map.of("CI", "false")));
    assertFalse(RequiredInCi.isCi(Map.of("CI", " ")));
    assertFalse(RequiredInCi.isCi(Map.of()));
  }

  @Test
  void aMissingToolFailsTheTestInCiAndSkipsItElsewhere() {
    AssertionFailedError failed = assertThrows(AssertionFailedError.class,
        () -> RequiredInCi.require(Optional.empty(), "SomeIT", "no moto_server", Map.of("CI", "true")));
    assertEquals("CI must run SomeIT: no moto_server", failed.getMessage());
    assertThrows(TestAbortedException.class,
        () -> RequiredInCi.require(Optional.empty(), "SomeIT", "no moto_server", Map.of("CI", "false")));
    assertThrows(TestAbortedException.class,
        () -> RequiredInCi.require(Optional.empty(), "SomeIT", "no moto_server", Map.of()));
    assertEquals("found", RequiredInCi.require(Optional.of("found"), "SomeIT", "-", Map.of("CI", "true")));
  }
}
