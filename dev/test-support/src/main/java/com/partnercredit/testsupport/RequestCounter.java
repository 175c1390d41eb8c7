package com.partnercredit.testsupport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts SDK calls by operation name (Query, PutItem, BatchWriteItem...), as the service would
 * bill them: add it with {@code overrideConfiguration(c -> c.addExecutionInterceptor(counter))}.
 */
public final class RequestCounter implements ExecutionInterceptor {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicInteger())
        .incrementAndGet();
  }

  public int count(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  public int total() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public void clear() {
    calls.clear();
  }

  /** The counts by operation, sorted, for messages and reports. */
  public Map<String, Integer> snapshot() {
    Map<String, Integer> copy = new TreeMap<>();
    calls.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
