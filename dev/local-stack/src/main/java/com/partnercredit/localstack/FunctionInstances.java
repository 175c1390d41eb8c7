package com.partnercredit.localstack;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * A function's execution environments, as Lambda keeps them: each handler instance serves one
 * invocation at a time, so a handler need not be thread-safe. A request takes an idle instance (the
 * most recently used, as Lambda reuses a warm environment); when none is idle it starts a new one,
 * whose init (the handler's no-arg constructor) runs first, as a cold start does; beyond
 * {@code max} instances it waits for one to come back.
 */
final class FunctionInstances {

  /** Work on one instance. */
  @FunctionalInterface
  interface Invocation<T> {
    T run(LambdaFunction instance) throws Exception;
  }

  private final String name;
  private final Supplier<LambdaFunction> init;
  private final int max;
  private final Deque<LambdaFunction> idle = new ArrayDeque<>();
  private int started;

  /**
   * Starts the first instance now, so that a handler whose init fails stops the local stack at
   * start rather than at its first request.
   */
  FunctionInstances(String name, Supplier<LambdaFunction> init, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    this.name = name;
    this.init = init;
    this.max = max;
    idle.push(init.get());
    started = 1;
  }

  /** Runs {@code invocation} on an instance that serves nothing else meanwhile. */
  <T> T invoke(Invocation<T> invocation) throws Exception {
    LambdaFunction instance = take();
    try {
      return invocation.run(instance);
    } finally {
      give(instance);
    }
  }

  /** How many instances were started so far. */
  synchronized int started() {
    return started;
  }

  private LambdaFunction take() throws InterruptedException {
    int number;
    synchronized (this) {
      while (idle.isEmpty() && started >= max) {
        wait();
      }
      if (!idle.isEmpty()) {
        return idle.pop();
      }
      number = ++started;
    }
    long begun = System.nanoTime();
    try {
      LambdaFunction instance = init.get();
      System.out.printf("[local-stack] %s: instance %d started for a concurrent request (init %d ms)%n", name, number,
          (System.nanoTime() - begun) / 1_000_000);
      return instance;
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        started--;
        notifyAll();
      }
      throw e;
    }
  }

  private synchronized void give(LambdaFunction instance) {
    idle.push(instance);
    notifyAll();
  }
}
