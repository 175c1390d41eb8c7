package com.partnercredit.localstack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test function as slow as the test wants: each invocation signals {@link #ENTERED}, then waits
 * until the test opens {@link #release} (at most 30 s). It answers its instance's number, and
 * records in {@link #SHARED_INSTANCE} when one instance ever served two invocations at once.
 */
public class LatchHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  static final Semaphore ENTERED = new Semaphore(0);
  static final AtomicBoolean SHARED_INSTANCE = new AtomicBoolean();
  static final AtomicInteger INSTANCES = new AtomicInteger();
  static volatile CountDownLatch release = new CountDownLatch(1);

  private final int number = INSTANCES.incrementAndGet();
  private final AtomicInteger inFlight = new AtomicInteger();

  /** Before each test: nothing entered, the gate closed. */
  static void reset() {
    release.countDown();
    release = new CountDownLatch(1);
    ENTERED.drainPermits();
    SHARED_INSTANCE.set(false);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if (inFlight.incrementAndGet() > 1) {
      SHARED_INSTANCE.set(true);
    }
    try {
      ENTERED.release();
      boolean released = release.await(30, TimeUnit.SECONDS);
      return APIGatewayV2HTTPResponse.builder().withStatusCode(released ? 200 : 504)
          .withBody(String.valueOf(number)).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return APIGatewayV2HTTPResponse.builder().withStatusCode(500).build();
    } finally {
      inFlight.decrementAndGet();
    }
  }
}
