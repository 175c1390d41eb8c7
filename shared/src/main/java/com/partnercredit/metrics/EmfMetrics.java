package com.partnercredit.metrics;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Writes each measurement as Embedded Metric Format lines ({@link Emf}). In Lambda the lines go to
 * standard output, which the runtime passes to CloudWatch Logs as they are; CloudWatch extracts the
 * metrics from the log group. The local stack prints the same lines on its console.
 */
public final class EmfMetrics implements Metrics {
  /** Set while {@link #mutedDuring} runs on this thread. */
  private static final ThreadLocal<Boolean> MUTED = ThreadLocal.withInitial(() -> false);

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

  /**
   * Runs {@code work} with every measurement emitted on this thread dropped: SnapStart priming
   * sends sample requests through the handlers, and they are not traffic (no {@code Requests}, no
   * {@code Latency}, nothing an alarm could count), once per published version.
   */
  public static <T> T mutedDuring(Callable<T> work) throws Exception {
    boolean before = MUTED.get();
    MUTED.set(true);
    try {
      return work.call();
    } finally {
      MUTED.set(before);
    }
  }

  @Override
  public void emit(Measurement measurement) {
    if (MUTED.get()) {
      return;
    }
    for (String line : Emf.lines(measurement, namespace, clock.millis())) {
      out.accept(line);
    }
  }
}
