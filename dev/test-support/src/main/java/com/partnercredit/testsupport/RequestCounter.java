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
 *
 * <p>Calls can also be counted per request when several run at once: a thread that wraps its work
 * in {@link #attribute(String)} has its calls counted under that name as well ({@link #snapshot(String)}).
 * The name follows the thread that makes the call, which is the caller's thread for a synchronous
 * client (the SDK runs {@code beforeExecution} there, once per call); calls a request hands to a
 * thread pool of its own are not attributed to it.
 */
public final class RequestCounter implements ExecutionInterceptor {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, Map<String, AtomicInteger>> byName = new ConcurrentHashMap<>();
  private final ThreadLocal<String> current = new ThreadLocal<>();

  /** While open, this thread's calls are counted under its name too; closing restores the name before. */
  public final class Attribution implements AutoCloseable {
    private final String previous;

    private Attribution(String name) {
      previous = current.get();
      current.set(name);
      byName.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
    }

    @Override
    public void close() {
      if (previous == null) {
        current.remove();
      } else {
        current.set(previous);
      }
    }
  }

  /** Counts the calls this thread makes under {@code name} until the result is closed. */
  public Attribution attribute(String name) {
    return new Attribution(name);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    String name = current.get();
    if (name != null) {
      byName.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  /** The calls made under {@code name} ({@link #attribute}), by operation, sorted; empty when none. */
  public Map<String, Integer> snapshot(String name) {
    Map<String, Integer> copy = new TreeMap<>();
    byName.getOrDefault(name, Map.of()).forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  /** Every name calls were attributed to (or opened for), sorted. */
  public java.util.SortedSet<String> names() {
    return new java.util.TreeSet<>(byName.keySet());
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
    byName.clear();
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
