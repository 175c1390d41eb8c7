package com.partnercredit.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The priming hooks' dry run: nothing leaves while it lasts, everything does again after it. */
class DryRunHttpClientTest {

  /** A network that records what was prepared, sent and aborted, and refuses to send. */
  private static final class Network implements SdkHttpClient {
    final List<String> prepared = new ArrayList<>();
    final List<String> sent = new ArrayList<>();
    final List<String> aborted = new ArrayList<>();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("?");
      prepared.add(target);
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          sent.add(target);
          throw new IOException("no network in this test");
        }

        @Override
        public void abort() {
          aborted.add(target);
        }
      };
    }

    @Override
    public void close() {}
  }

  private final Network network = new Network();
  private final DryRunHttpClient http = new DryRunHttpClient(network);
  private final DynamoDbClient dynamo = DynamoDbClient.builder()
      .httpClient(http)
      .region(Region.US_EAST_1)
      .endpointOverride(URI.create("http://127.0.0.1:9"))
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
      .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
      .build();

  @Test
  void duringADryRunRequestsArePreparedButAnsweredInMemory() throws Exception {
    int found = http.during(() -> {
      dynamo.putItem(b -> b.tableName("t").item(Map.of("pk", AttributeValue.fromS("a"))));
      return dynamo.query(b -> b.tableName("t").keyConditionExpression("pk = :p")
          .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("a")))).count();
    });

    assertEquals(0, found);
    assertEquals(List.of(), network.sent);
    assertEquals(List.of("DynamoDB_20120810.PutItem", "DynamoDB_20120810.Query"), network.prepared);
    assertEquals(network.prepared, network.aborted, "a prepared request must be released");
    assertEquals(2, http.answered());
  }

  @Test
  void outsideADryRunRequestsGoToTheNetwork() {
    assertThrows(SdkClientException.class, () -> dynamo.getItem(b -> b.tableName("t")
        .key(Map.of("pk", AttributeValue.fromS("a")))));

    assertEquals(List.of("DynamoDB_20120810.GetItem"), network.sent);
    assertEquals(0, http.answered());
  }

  @Test
  void requestsGoToTheNetworkAgainAfterADryRunThatFailed() {
    assertThrows(IllegalStateException.class, () -> http.during(() -> {
      dynamo.describeTable(b -> b.tableName("t"));
      throw new IllegalStateException("a priming step failed");
    }));

    assertThrows(SdkClientException.class, () -> dynamo.describeTable(b -> b.tableName("t")));
    assertEquals(List.of("DynamoDB_20120810.DescribeTable"), network.sent);
  }

  @Test
  void requestsFromOtherThreadsAreAnsweredInMemoryToo() throws Exception {
    http.during(() -> {
      Thread pool = new Thread(() -> dynamo.putItem(b -> b.tableName("t")
          .item(Map.of("pk", AttributeValue.fromS("from a store's pool")))));
      pool.start();
      pool.join();
      return null;
    });

    assertTrue(network.sent.isEmpty(), "a write from another thread left: " + network.sent);
    assertEquals(1, http.answered());
  }
}
