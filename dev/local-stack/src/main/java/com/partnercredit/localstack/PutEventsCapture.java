package com.partnercredit.localstack;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Sees every event the handlers of the local stack put on the emulator's bus, as the bus accepted it:
 * an SDK interceptor registered for every client of this JVM (the SDK reads
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} from the classpath, and only
 * the local stack has this one). It records nothing unless {@link #during} is running on the thread,
 * so that {@code POST /publish} answers with exactly the events of its own run.
 *
 * <p>Why not a rule on the bus delivering to a queue: moto builds a JSONPath parser for each delivery
 * (about 0.3 s an event), which makes PutEvents slower than the SDK's attempt timeout.
 */
public final class PutEventsCapture implements ExecutionInterceptor {
  private static final ThreadLocal<List<PutEventsRequestEntry>> SINK = new ThreadLocal<>();

  /** Something run while the events it puts, on this thread, are recorded. */
  @FunctionalInterface
  interface Run<T> {
    T run() throws Exception;
  }

  /** The result of a run, and the events it put (accepted by the bus), in the order they were put. */
  record Captured<T>(T result, List<PutEventsRequestEntry> events) {}

  static <T> Captured<T> during(Run<T> run) throws Exception {
    List<PutEventsRequestEntry> events = new ArrayList<>();
    List<PutEventsRequestEntry> outer = SINK.get();
    SINK.set(events);
    try {
      T result = run.run();
      return new Captured<>(result, events);
    } finally {
      if (outer == null) {
        SINK.remove();
      } else {
        SINK.set(outer);
      }
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    List<PutEventsRequestEntry> sink = SINK.get();
    if (sink == null || !(context.request() instanceof PutEventsRequest request)
        || !(context.response() instanceof PutEventsResponse response)) {
      return;
    }
    for (int i = 0; i < request.entries().size(); i++) {
      boolean refused = i < response.entries().size() && response.entries().get(i).errorCode() != null;
      if (!refused) {
        sink.add(request.entries().get(i));
      }
    }
  }
}
