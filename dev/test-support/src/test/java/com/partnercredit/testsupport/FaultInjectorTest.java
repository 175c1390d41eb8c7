package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.testsupport.FaultInjector.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link FaultInjector} on a real SDK client over {@link StubDynamoDb}: each kind of fault does what
 * its documentation says (reaches the table or not, the caller's error, what comes back unprocessed),
 * drawn per attempt, repeatable with its seed.
 */
class FaultInjectorTest {
  private static Map<String, AttributeValue> item(String pk, int n) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("S" + n));
  }

  private static List<WriteRequest> puts(String pk, int count) {
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(pk, i)).build()).build());
    }
    return writes;
  }

  private static BatchWriteItemResponse batch(DynamoDbClient dynamo, List<WriteRequest> writes) {
    return dynamo.batchWriteItem(b -> b.requestItems(Map.of("t", writes)));
  }

  private static void put(DynamoDbClient dynamo, String pk) {
    dynamo.putItem(p -> p.tableName("t").item(item(pk, 0)));
  }

  /** How many PutRequests reached the stub, over every body it received. */
  private static int itemsReceived(StubDynamoDb stub) {
    return stub.received().stream().mapToInt(body -> body.split("\"PutRequest\"", -1).length - 1).sum();
  }

  @Test
  void aThrottleNeverReachesTheTableAndIsDrawnAgainOnEachRetry() {
    StubDynamoDb stub = new StubDynamoDb();
    FaultInjector faults = new FaultInjector(3).rate(Fault.THROTTLE, 1.0);
    try (DynamoDbClient dynamo = stub.client(3, faults)) {
      DynamoDbException e = assertThrows(DynamoDbException.class, () -> put(dynamo, "A"));
      assertTrue(e.isThrottlingException(), "the SDK sees DynamoDB throttling: " + e);
      assertEquals(400, e.statusCode());
    }

    assertEquals(List.of(), stub.received(), "nothing reached the table");
    assertEquals(3, faults.attempts());
    assertEquals(Map.of(Fault.THROTTLE, 3), faults.snapshot());
    assertEquals(3, faults.injectedTotal());
  }

  @Test
  void aServerErrorIsA500ThatNeverReachesTheTable() {
    StubDynamoDb stub = new StubDynamoDb();
    FaultInjector faults = new FaultInjector(3).rate(Fault.SERVER_ERROR, 1.0);
    try (DynamoDbClient dynamo = stub.client(2, faults)) {
      DynamoDbException e = assertThrows(DynamoDbException.class, () -> put(dynamo, "A"));
      assertEquals(500, e.statusCode());
      assertEquals("InternalServerError", e.awsErrorDetails().errorCode());
    }

    assertEquals(List.of(), stub.received());
    assertEquals(2, faults.injected(Fault.SERVER_ERROR));
  }

  @Test
  void aTimeoutReachesTheTableThenLosesTheAnswer() {
    StubDynamoDb stub = new StubDynamoDb();
    FaultInjector faults = new FaultInjector(3).rate(Fault.TIMEOUT, 1.0);
    try (DynamoDbClient dynamo = stub.client(1, faults)) {
      SdkClientException e = assertThrows(SdkClientException.class, () -> put(dynamo, "A"));
      assertTrue(e instanceof ApiCallAttemptTimeoutException || e.getCause() instanceof ApiCallAttemptTimeoutException,
          "an attempt timeout: " + e);
    }

    assertEquals(1, stub.received().size(), "the write was applied");
    assertEquals(1, faults.injected(Fault.TIMEOUT));
  }

  @Test
  void unprocessedSendsSomeItemsAndReturnsTheOthers() {
    StubDynamoDb stub = new StubDynamoDb();
    FaultInjector faults = new FaultInjector(5).rate(Fault.UNPROCESSED, 1.0);
    List<WriteRequest> writes = puts("A", 10);
    BatchWriteItemResponse response;
    try (DynamoDbClient dynamo = stub.client(1, faults)) {
      response = batch(dynamo, writes);
    }

    List<WriteRequest> unprocessed = response.unprocessedItems().get("t");
    int sent = itemsReceived(stub);
    assertTrue(sent >= 1 && unprocessed.size() >= 1, sent + " sent, " + unprocessed.size() + " unprocessed");
    assertEquals(writes.size(), sent + unprocessed.size(), "every item either sent or returned");
    assertTrue(writes.containsAll(unprocessed), "the unprocessed are the request's own items");
    assertEquals(1, faults.injected(Fault.UNPROCESSED));
  }

  @Test
  void unprocessedNeedsTwoItemsToSplit() {
    StubDynamoDb stub = new StubDynamoDb();
    FaultInjector faults = new FaultInjector(5).rate(Fault.UNPROCESSED, 1.0);
    try (DynamoDbClient dynamo = stub.client(1, faults)) {
      assertTrue(batch(dynamo, puts("A", 1)).unprocessedItems().isEmpty());
    }
    assertEquals(1, itemsReceived(stub));
    assertEquals(0, faults.injectedTotal());
  }

  @Test
  void offStopsFaultsButStillCountsAttempts() {
    StubDynamoDb stub = new StubDynamoDb();
    FaultInjector faults = new FaultInjector(3).rate(Fault.THROTTLE, 1.0).off();
    try (DynamoDbClient dynamo = stub.client(3, faults)) {
      put(dynamo, "A");
      faults.on();
      assertThrows(DynamoDbException.class, () -> put(dynamo, "A"));
    }

    assertEquals(1, stub.received().size());
    assertEquals(4, faults.attempts(), "one attempt off, three on");
    assertEquals(3, faults.injected(Fault.THROTTLE));
    faults.clear();
    assertEquals(0, faults.attempts());
    assertEquals(Map.of(), faults.snapshot());
  }

  @Test
  void theSameSeedDrawsTheSameFaults() {
    List<Map<Fault, Integer>> runs = new ArrayList<>();
    List<Integer> received = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      StubDynamoDb stub = new StubDynamoDb();
      FaultInjector faults = new FaultInjector(1234).rate(Fault.THROTTLE, 0.3).rate(Fault.SERVER_ERROR, 0.2)
          .rate(Fault.TIMEOUT, 0.2).rate(Fault.UNPROCESSED, 0.5);
      try (DynamoDbClient dynamo = stub.client(1, faults)) {
        for (int i = 0; i < 60; i++) {
          try {
            batch(dynamo, puts("P" + i, 4));
          } catch (SdkClientException | DynamoDbException expected) {
            // a drawn fault
          }
        }
      }
      runs.add(faults.snapshot());
      received.add(itemsReceived(stub));
    }

    assertEquals(runs.get(0), runs.get(1));
    assertEquals(received.get(0), received.get(1));
    assertEquals(4, runs.get(0).size(), "every kind drawn in 60 calls: " + runs.get(0));
  }

  @Test
  void aThrottledPartitionReturnsItsItemsAsUnprocessedAndFailsSingleWrites() {
    StubDynamoDb stub = new StubDynamoDb();
    AtomicLong nanos = new AtomicLong();
    PartitionThrottle throttle = new PartitionThrottle(1, 3, nanos::get, item -> 1);
    FaultInjector faults = new FaultInjector(1).throttlePartitions(throttle);
    try (DynamoDbClient dynamo = stub.client(1, faults)) {
      BatchWriteItemResponse first = batch(dynamo, puts("hot", 5));
      assertEquals(2, first.unprocessedItems().get("t").size(), "a burst of 3 of the 5");
      assertEquals(3, itemsReceived(stub));

      ProvisionedThroughputExceededException none = assertThrows(ProvisionedThroughputExceededException.class,
          () -> batch(dynamo, puts("hot", 2)));
      assertTrue(none.getMessage().contains("throttled"), none.getMessage());
      assertThrows(ProvisionedThroughputExceededException.class, () -> put(dynamo, "hot"));
      put(dynamo, "cold"); // another partition writes freely

      nanos.addAndGet(1_000_000_000L); // a second: one unit back
      put(dynamo, "hot");
    }

    assertEquals(3, stub.received().size(), "the batch, the cold put and the hot put a second later");
    assertEquals(Map.of("cold", 1L, "hot", 4L), throttle.consumed());
    assertEquals(2 + 2 + 1, throttle.throttledWrites());
    assertFalse(faults.injectedTotal() > 0, "the partition limit is not a drawn fault");
  }
}
