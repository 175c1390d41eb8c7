package com.partnercredit.metrics;

/**
 * Where a request's or a run's {@link Measurement} goes when it is done: in Lambda and in the local
 * stack, Embedded Metric Format lines on standard output ({@link EmfMetrics}); in tests, wherever
 * the test wants to look.
 */
@FunctionalInterface
public interface Metrics {
  void emit(Measurement measurement);
}
