package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.TestTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack serves requests concurrently, as Lambda runs concurrent invocations: a slow
 * request does not hold up another, each concurrent request to a function gets its own handler
 * instance, and no more than the configured number run at once. {@link LatchHandler} stays in its
 * handler until the test releases it, so nothing here depends on timing but the waits' upper bounds.
 */
@ExtendWith(DynamoDbExtension.class)
class LocalStackConcurrencyIT {

  private static final int CONCURRENCY = 2;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  static Path dir;

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    properties = new SystemPropertiesSnapshot();
    Path template = Files.writeString(dir.resolve("template.yaml"), """
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
              KeySchema: [{AttributeName: pk, KeyType: HASH}]
          SlowFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: com.partnercredit.localstack.LatchHandler::handleRequest
              Events:
                Slow:
                  Type: HttpApi
                  Properties: {Path: /slow, Method: GET}
          EchoFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: com.partnercredit.localstack.EchoHandler::handleRequest
              Events:
                Fast:
                  Type: HttpApi
                  Properties: {Path: /fast, Method: GET}
        """);
    stack = LocalStack.start(new LocalStack.Settings(template, 0, table.name(), "concurrency-secret", CONCURRENCY),
        Emulator.shared());
  }

  @AfterAll
  static void stop() {
    LatchHandler.release.countDown();
    stack.close();
    properties.restore();
  }

  @BeforeEach
  void closeTheGate() {
    LatchHandler.reset();
  }

  @AfterEach
  void openTheGate() {
    LatchHandler.release.countDown();
  }

  private static CompletableFuture<HttpResponse<String>> get(String path) {
    return HTTP.sendAsync(HttpRequest.newBuilder(stack.baseUrl().resolve(path)).timeout(Duration.ofSeconds(40)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSlowRequestDoesNotHoldUpAnotherFunctionsRequest() throws Exception {
    CompletableFuture<HttpResponse<String>> slow = get("/slow");
    assertTrue(LatchHandler.ENTERED.tryAcquire(20, TimeUnit.SECONDS), "the slow request never reached its handler");

    HttpResponse<String> fast = get("/fast").get(20, TimeUnit.SECONDS);

    assertEquals(201, fast.statusCode(), fast.body());
    assertFalse(slow.isDone(), "the slow request ended before it was released");
    LatchHandler.release.countDown();
    assertEquals(200, slow.get(20, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void concurrentRequestsToOneFunctionRunOnAnInstanceEach() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> requests = List.of(get("/slow"), get("/slow"));
    assertTrue(LatchHandler.ENTERED.tryAcquire(2, 20, TimeUnit.SECONDS),
        "two requests to one function did not run at the same time");

    LatchHandler.release.countDown();

    Set<String> instances = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> request : requests) {
      HttpResponse<String> response = request.get(20, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      instances.add(response.body());
    }
    assertEquals(2, instances.size(), "both requests ran on instance " + instances);
    assertFalse(LatchHandler.SHARED_INSTANCE.get(), "a handler instance served two invocations at once");
  }

  @Test
  void noMoreThanTheConfiguredNumberOfRequestsRunAtOnce() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
    for (int i = 0; i <= CONCURRENCY; i++) {
      requests.add(get("/slow"));
    }
    assertTrue(LatchHandler.ENTERED.tryAcquire(CONCURRENCY, 20, TimeUnit.SECONDS));
    assertFalse(LatchHandler.ENTERED.tryAcquire(1, 1, TimeUnit.SECONDS),
        "request " + (CONCURRENCY + 1) + " ran while " + CONCURRENCY + " were in their handler");

    LatchHandler.release.countDown();

    for (CompletableFuture<HttpResponse<String>> request : requests) {
      assertEquals(200, request.get(20, TimeUnit.SECONDS).statusCode());
    }
    assertTrue(LatchHandler.ENTERED.tryAcquire(1, 20, TimeUnit.SECONDS), "the waiting request never ran");
  }

  @Test
  void sequentialRequestsReuseTheWarmInstance() throws Exception {
    LatchHandler.release.countDown();

    HttpResponse<String> one = get("/slow").get(20, TimeUnit.SECONDS);
    HttpResponse<String> two = get("/slow").get(20, TimeUnit.SECONDS);

    assertEquals(200, one.statusCode());
    assertEquals(one.body(), two.body(), "a request that found an idle instance started a new one");
  }
}
