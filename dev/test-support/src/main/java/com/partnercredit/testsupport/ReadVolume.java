package com.partnercredit.testsupport;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * What DynamoDB reads returned: the items of every Query, Scan and BatchGetItem, and the bytes of
 * their responses (HTTP {@code Content-Length}). Added like {@link RequestCounter}. What a read
 * costs grows with both, so a test can assert that something was not read. Thread-safe.
 */
public final class ReadVolume implements ExecutionInterceptor {
  private final AtomicLong items = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    Object response = context.response();
    if (response instanceof QueryResponse query) {
      items.addAndGet(query.count() == null ? query.items().size() : query.count());
    } else if (response instanceof ScanResponse scan) {
      items.addAndGet(scan.count() == null ? scan.items().size() : scan.count());
    } else if (response instanceof BatchGetItemResponse batch) {
      batch.responses().values().forEach(found -> items.addAndGet(found.size()));
    } else {
      return;
    }
    context.httpResponse().firstMatchingHeader("Content-Length")
        .ifPresent(length -> bytes.addAndGet(Long.parseLong(length.trim())));
  }

  /** Items returned by reads. */
  public long items() {
    return items.get();
  }

  /** Bytes of the reads' responses, as their {@code Content-Length} said. */
  public long bytes() {
    return bytes.get();
  }

  public void clear() {
    items.set(0);
    bytes.set(0);
  }

  @Override
  public String toString() {
    return items() + " items, " + bytes() + " bytes";
  }
}
