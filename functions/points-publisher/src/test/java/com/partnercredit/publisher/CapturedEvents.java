package com.partnercredit.publisher;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** Keeps the entries of every PutEvents call the client really makes (the emulator accepts them). */
final class CapturedEvents implements ExecutionInterceptor {
  final List<PutEventsRequestEntry> entries = new ArrayList<>();
  int calls;

  @Override
  public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof PutEventsRequest put) {
      calls++;
      entries.addAll(put.entries());
    }
  }

  synchronized void clear() {
    entries.clear();
    calls = 0;
  }
}
