package com.partnercredit.metrics;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Writes each measurement as Embedded Metric Format lines ({@link Emf}). In Lambda the lines go to
 * standard output, which the runtime passes to CloudWatch Logs as they are; CloudWatch extracts the
 * metrics from the log group. The local stack prints the same lines on its console.
 */
public final class EmfMetrics implements Metrics {
  /** The namespace when {@code METRICS_NAMESPACE} is not set (the template sets one per stack). */
  public static final String DEFAULT_NAMESPACE = "PartnerCredit";

  private final String namespace;
  private final Consumer<String> out;
  private final Clock clock;

  /**
   * @param out where each line goes
   * @param clock the documents' timestamps: the wall clock, since CloudWatch refuses metrics more
   *     than two weeks old
   */
  public EmfMetrics(String namespace, Consumer<String> out, Clock clock) {
    this.namespace = namespace;
    this.out = out;
    this.clock = clock;
  }

  /** Lines on standard output (looked up at each line: the Lambda runtime replaces it at start). */
  public static EmfMetrics toStandardOutput(String namespace) {
    return new EmfMetrics(namespace, line -> System.out.println(line), Clock.systemUTC());
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public void emit(Measurement measurement) {
    for (String line : Emf.lines(measurement, namespace, clock.millis())) {
      out.accept(line);
    }
  }
}
