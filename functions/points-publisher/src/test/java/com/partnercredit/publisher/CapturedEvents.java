package com.partnercredit.publisher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The events the bus accepted: of every PutEvents call the client makes, the entries the bus answered
 * with an event id and no error (a call that failed, or an entry the bus refused, put nothing). Each
 * is kept with the attempt that put it, when the call was made {@linkplain #during during} one.
 */
final class CapturedEvents implements ExecutionInterceptor {
  /** The entries the bus accepted, in the order it answered. */
  final List<PutEventsRequestEntry> entries = new ArrayList<>();
  /** For each of {@link #entries}, the attempt that put it ({@link #during}), or null. */
  final List<Object> attempts = new ArrayList<>();
  /** PutEvents calls made, accepted or not. */
  int calls;
  private final ThreadLocal<Object> attempt = new ThreadLocal<>();

  /** Runs {@code call}, the events it puts on this thread kept as {@code attempt}'s. */
  <T> T during(Object attempt, Callable<T> call) throws Exception {
    Object before = this.attempt.get();
    this.attempt.set(attempt);
    try {
      return call.call();
    } finally {
      this.attempt.set(before);
    }
  }

  @Override
  public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof PutEventsRequest) {
      calls++;
    }
  }

  @Override
  public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof PutEventsRequest put) || !(context.response() instanceof PutEventsResponse answer)) {
      return;
    }
    List<PutEventsResultEntry> results = answer.entries();
    for (int i = 0; i < put.entries().size() && i < results.size(); i++) {
      PutEventsResultEntry result = results.get(i);
      if (result.eventId() != null && result.errorCode() == null) {
        entries.add(put.entries().get(i));
        attempts.add(attempt.get());
      }
    }
  }

  synchronized void clear() {
    entries.clear();
    attempts.clear();
    calls = 0;
  }
}
