package com.partnercredit.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The priming hooks' dry run: while it lasts, the real HTTP client's requests are answered inside
 * the process and none reaches the endpoint; after it, they do again. The endpoint here is a port
 * nobody listens on, so a request that reached it would fail.
 */
class DryRunHttpClientTest {

  private final DryRunHttpClient http = new DryRunHttpClient(UrlConnectionHttpClient.create());
  private final DynamoDbClient dynamo = DynamoDbClient.builder()
      .httpClient(http)
      .region(Region.US_EAST_1)
      .endpointOverride(URI.create("http://127.0.0.1:" + closedPort()))
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
      .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
      .build();

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() {
    dynamo.close();
  }

  @Test
  void duringADryRunRequestsAreAnsweredInsideTheProcess() throws Exception {
    int found = http.during(() -> {
      dynamo.putItem(b -> b.tableName("t").item(Map.of("pk", AttributeValue.fromS("a"))));
      dynamo.batchWriteItem(b -> b.requestItems(Map.of("t", java.util.List.of(
          software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
              .putRequest(p -> p.item(Map.of("pk", AttributeValue.fromS("b")))).build()))));
      return dynamo.query(b -> b.tableName("t").keyConditionExpression("pk = :p")
          .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("a")))).count();
    });

    assertEquals(0, found);
    assertEquals(3, http.answered());
  }

  @Test
  void outsideADryRunRequestsGoToTheEndpoint() {
    assertThrows(SdkClientException.class, () -> dynamo.getItem(b -> b.tableName("t")
        .key(Map.of("pk", AttributeValue.fromS("a")))));

    assertEquals(0, http.answered());
  }

  @Test
  void requestsGoToTheEndpointAgainAfterADryRunThatFailed() {
    assertThrows(IllegalStateException.class, () -> http.during(() -> {
      dynamo.describeTable(b -> b.tableName("t"));
      throw new IllegalStateException("a priming step failed");
    }));

    assertThrows(SdkClientException.class, () -> dynamo.describeTable(b -> b.tableName("t")));
    assertEquals(1, http.answered());
  }

  @Test
  void requestsFromOtherThreadsAreAnsweredInsideTheProcessToo() throws Exception {
    http.during(() -> {
      Thread pool = new Thread(() -> dynamo.putItem(b -> b.tableName("t")
          .item(Map.of("pk", AttributeValue.fromS("from a store's pool")))));
      pool.start();
      pool.join();
      return null;
    });

    assertEquals(1, http.answered());
  }
}
