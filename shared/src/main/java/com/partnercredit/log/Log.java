package com.partnercredit.log;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;

/**
 * Logging for code that has no Lambda {@code Context} at hand. In Lambda it goes through the
 * runtime's logger (JSON lines with the level, as the template's LoggingConfig asks); elsewhere
 * (tests, the local stack) one line on standard error.
 */
public final class Log {
  private static final boolean IN_LAMBDA = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;

  private Log() {}

  public static void warn(String message) {
    log(LogLevel.WARN, message);
  }

  public static void error(String message) {
    log(LogLevel.ERROR, message);
  }

  public static void info(String message) {
    log(LogLevel.INFO, message);
  }

  private static void log(LogLevel level, String message) {
    if (IN_LAMBDA) {
      LambdaRuntime.getLogger().log(message, level);
    } else {
      System.err.println("[" + level + "] " + message);
    }
  }
}
