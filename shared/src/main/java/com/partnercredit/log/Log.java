package com.partnercredit.log;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.util.Map;

/**
 * Logging for code that has no Lambda {@code Context} at hand. In Lambda it goes through the
 * runtime's logger (JSON lines with the level, as the template's LoggingConfig asks); elsewhere
 * (tests, the local stack) one line on standard error.
 *
 * <p>No email address reaches a log: every message passes through {@link Redact#emails}. Raw
 * webhook bodies and events are never logged; a dead letter's raw JSON stays in the table, and its
 * log line carries its key.
 *
 * <p>{@link #line} writes one structured JSON object on standard output, unwrapped (Lambda passes
 * standard output to CloudWatch Logs as it is), so CloudWatch Logs Insights discovers its fields
 * and CloudWatch reads the metrics of an Embedded Metric Format document.
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

  /** One JSON object on one line of standard output ({@link Json}: strings redacted). */
  public static void line(Map<String, ?> fields) {
    System.out.println(Json.line(fields));
  }

  private static void log(LogLevel level, String message) {
    String redacted = Redact.emails(message);
    if (IN_LAMBDA) {
      LambdaRuntime.getLogger().log(redacted, level);
    } else {
      System.err.println("[" + level + "] " + redacted);
    }
  }
}
