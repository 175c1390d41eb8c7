package com.partnercredit.testsupport;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a browser, moto_server): without it the test fails in CI
 * ({@code CI} set and not {@code false}), where it must run, and is skipped elsewhere with the
 * reason, so that a developer's machine without the tool still builds.
 */
public final class RequiredInCi {
  private RequiredInCi() {}

  /** Whether {@code env} is CI's: {@code CI} set, not blank and not {@code false}. */
  public static boolean isCi(Map<String, String> env) {
    String ci = env.get("CI");
    return ci != null && !ci.isBlank() && !ci.trim().equalsIgnoreCase("false");
  }

  /**
   * {@code found}'s value; when empty, fails the test in CI and aborts (skips) it elsewhere, saying
   * {@code missing}.
   */
  public static <T> T require(Optional<T> found, String test, String missing, Map<String, String> env) {
    if (found.isPresent()) {
      return found.get();
    }
    if (isCi(env)) {
      Assertions.fail("CI must run " + test + ": " + missing);
    }
    System.err.println("[" + test + "] SKIPPED: " + missing);
    Assumptions.abort("skipped: " + missing);
    throw new AssertionError("unreachable");
  }
}
