package com.partnercredit.wiring;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The functions' HTTP client, which can answer in memory for a while: the SnapStart priming hooks
 * run the functions' own requests through the functions' own SDK clients (marshalling, endpoint,
 * signing, retries, unmarshalling) without sending anything, so the snapshot holds those paths
 * loaded and compiled, and nothing is written and no network is needed at checkpoint time.
 *
 * <p>Outside {@link #during} every request goes to the real client. During it, <b>every</b> request
 * through this client, from any thread (the stores write and read on pools), is prepared by the real
 * client (its connection object is created and configured, never connected) and then answered
 * {@code 200} with an empty result: no items for a DynamoDB read, nothing unprocessed for a batch,
 * {@code {}} for a put, and no failed entry for EventBridge's {@code PutEvents}. That is safe because a handler instance serves
 * one invocation at a time and priming runs before the snapshot, when none is in flight.
 */
public final class DryRunHttpClient implements SdkHttpClient {

  /** Work done while the client answers in memory. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  /** The operations' empty results, by {@code X-Amz-Target} operation; others get {@code {}}. */
  private static final Map<String, byte[]> EMPTY_RESULTS = Map.of(
      "Query", bytes("{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}"),
      "Scan", bytes("{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}"),
      "BatchWriteItem", bytes("{\"UnprocessedItems\":{}}"),
      "BatchGetItem", bytes("{\"Responses\":{},\"UnprocessedKeys\":{}}"),
      "PutEvents", bytes("{\"FailedEntryCount\":0,\"Entries\":[]}"));
  private static final byte[] EMPTY_RESULT = bytes("{}");

  private final SdkHttpClient delegate;
  private final AtomicInteger dryRuns = new AtomicInteger();
  private final AtomicLong answered = new AtomicLong();

  public DryRunHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  /** Runs {@code work} with every request answered in memory; real requests resume when it ends, however it ends. */
  public <T> T during(Work<T> work) throws Exception {
    dryRuns.incrementAndGet();
    try {
      return work.run();
    } finally {
      dryRuns.decrementAndGet();
    }
  }

  /** Requests answered in memory so far. */
  public long answered() {
    return answered.get();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    if (dryRuns.get() == 0) {
      return delegate.prepareRequest(request);
    }
    delegate.prepareRequest(request).abort(); // the real client's request set up, never sent
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        drain(request);
        answered.incrementAndGet();
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        byte[] body = EMPTY_RESULTS.getOrDefault(target.substring(target.lastIndexOf('.') + 1), EMPTY_RESULT);
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amzn-RequestId", "dry-run")
                .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }

      @Override
      public void abort() {
        // nothing was sent
      }
    };
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads the marshalled body as the real client would when sending it. */
  private static void drain(HttpExecuteRequest request) {
    request.contentStreamProvider().ifPresent(provider -> {
      try (InputStream in = provider.newStream()) {
        in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
