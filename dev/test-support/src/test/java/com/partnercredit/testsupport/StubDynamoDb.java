package com.partnercredit.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB that answers every request with 200 and {@code {}} (an empty Query page, a
 * BatchWriteItem with nothing unprocessed, a PutItem without attributes), in memory, for the unit
 * tests of the test tools: the SDK's whole pipeline runs (interceptors, retries, marshalling), and
 * the stub keeps the bodies it received, so a test sees what reached "the table".
 */
final class StubDynamoDb implements SdkHttpClient {
  /** The bodies of the requests that reached the stub, in order. */
  final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
  private volatile CyclicBarrier holdTogether;

  /** Holds each request until {@code parties} are in flight together, so that they overlap. */
  StubDynamoDb holdUntilInFlight(int parties) {
    holdTogether = new CyclicBarrier(parties);
    return this;
  }

  /** A client on this stub with {@code interceptors}, up to {@code maxAttempts} tries per call, without backoff. */
  DynamoDbClient client(int maxAttempts, software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
    Consumer<ClientOverrideConfiguration.Builder> override = c -> {
      c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts)
          .circuitBreakerEnabled(false)
          .backoffStrategy(BackoffStrategy.retryImmediately())
          .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()).build());
      for (var interceptor : interceptors) {
        c.addExecutionInterceptor(interceptor);
      }
    };
    return DynamoDbClient.builder().httpClient(this).region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://stub.invalid"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(override).build();
  }

  List<String> received() {
    return List.copyOf(received);
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        String body = request.contentStreamProvider().map(p -> {
          try (var in = p.newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).orElse("");
        received.add(body);
        CyclicBarrier barrier = holdTogether;
        if (barrier != null) {
          try {
            barrier.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IOException("the requests did not overlap: " + e, e);
          }
        }
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("Content-Length", Integer.toString(answer.length)).build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer))).build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {}
}
