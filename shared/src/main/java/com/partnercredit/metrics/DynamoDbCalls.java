package com.partnercredit.metrics;

import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * Counts the DynamoDB calls this process makes (each API call once, whatever its retries), for the
 * {@code DynamoDbRequests} metric: a request's count is the difference before and after it. Lambda
 * runs one invocation at a time per execution environment, so the difference is that invocation's;
 * in the local stack, requests served at the same time count each other's calls.
 */
public final class DynamoDbCalls implements ExecutionInterceptor {
  /** The one counter, added to every client the wiring builds. */
  public static final DynamoDbCalls INTERCEPTOR = new DynamoDbCalls();

  private final LongAdder calls = new LongAdder();

  private DynamoDbCalls() {}

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof DynamoDbRequest) {
      calls.increment();
    }
  }

  /** DynamoDB calls made so far by this process. */
  public long count() {
    return calls.sum();
  }
}
