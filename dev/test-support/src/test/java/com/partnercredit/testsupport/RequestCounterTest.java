package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** {@link RequestCounter} on a real SDK client over {@link StubDynamoDb}: one count per call, by operation and by name. */
class RequestCounterTest {
  private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("A"), "sk", AttributeValue.fromS("B"));

  private static void query(DynamoDbClient dynamo) {
    dynamo.query(q -> q.tableName("t").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("A"))));
  }

  @Test
  void countsEachCallByItsOperation() {
    RequestCounter counter = new RequestCounter();
    try (DynamoDbClient dynamo = new StubDynamoDb().client(1, counter)) {
      query(dynamo);
      query(dynamo);
      dynamo.putItem(p -> p.tableName("t").item(KEY));
      dynamo.getItem(g -> g.tableName("t").key(KEY));
    }

    assertEquals(Map.of("GetItem", 1, "PutItem", 1, "Query", 2), counter.snapshot());
    assertEquals(2, counter.count("Query"));
    assertEquals(0, counter.count("Scan"));
    assertEquals(4, counter.total());
    assertEquals("{GetItem=1, PutItem=1, Query=2}", counter.toString(), "sorted by operation");
  }

  @Test
  void aCallRetriedBySdkCountsOnceAsTheServiceBillsTheRequest() {
    RequestCounter counter = new RequestCounter();
    FaultInjector faults = new FaultInjector(1).rate(FaultInjector.Fault.SERVER_ERROR, 1.0);
    try (DynamoDbClient dynamo = new StubDynamoDb().client(3, counter, faults)) {
      assertThrows(DynamoDbException.class, () -> query(dynamo));
    }

    assertEquals(3, faults.attempts(), "three attempts");
    assertEquals(Map.of("Query", 1), counter.snapshot(), "one call");
  }

  @Test
  void callsUnderANameAreCountedForThatNameOnlyOnTheThreadThatOpenedIt() throws Exception {
    RequestCounter counter = new RequestCounter();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (DynamoDbClient dynamo = new StubDynamoDb().client(1, counter)) {
      try (RequestCounter.Attribution outer = counter.attribute("outer")) {
        query(dynamo);
        try (RequestCounter.Attribution inner = counter.attribute("inner")) {
          dynamo.putItem(p -> p.tableName("t").item(KEY));
          Future<?> elsewhere = other.submit(() -> query(dynamo)); // another thread: not "inner"'s
          elsewhere.get();
        }
        query(dynamo); // "outer" again once "inner" is closed
      }
      query(dynamo); // no name
      try (RequestCounter.Attribution unused = counter.attribute("quiet")) {
        // opened, nothing called
      }
    } finally {
      other.shutdown();
    }

    assertEquals(Map.of("Query", 2), counter.snapshot("outer"));
    assertEquals(Map.of("PutItem", 1), counter.snapshot("inner"));
    assertEquals(Map.of(), counter.snapshot("quiet"));
    assertEquals(Map.of(), counter.snapshot("never opened"));
    assertEquals(Set.of("inner", "outer", "quiet"), counter.names());
    assertEquals(Map.of("PutItem", 1, "Query", 4), counter.snapshot(), "every call counted in the totals");
  }

  @Test
  void clearForgetsCountsAndNames() {
    RequestCounter counter = new RequestCounter();
    try (DynamoDbClient dynamo = new StubDynamoDb().client(1, counter)) {
      try (RequestCounter.Attribution named = counter.attribute("n")) {
        query(dynamo);
      }
      counter.clear();
      assertEquals(0, counter.total());
      assertEquals(Set.of(), counter.names());
      query(dynamo);
    }
    assertEquals(List.of("Query"), List.copyOf(counter.snapshot().keySet()));
    assertEquals(1, counter.total());
  }
}
