package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * {@link RequestRounds} on a real SDK client over {@link StubDynamoDb}: calls one after another are
 * as many rounds; calls held in flight together are one. Both are orders of events, not times.
 */
class RequestRoundsTest {
  private static void get(DynamoDbClient dynamo) {
    dynamo.getItem(g -> g.tableName("t").key(Map.of("pk", AttributeValue.fromS("A"), "sk", AttributeValue.fromS("B"))));
  }

  @Test
  void callsOneAfterAnotherAreOneRoundEach() {
    RequestRounds rounds = new RequestRounds();
    try (DynamoDbClient dynamo = new StubDynamoDb().client(1, rounds)) {
      for (int i = 0; i < 5; i++) {
        get(dynamo);
      }
    }

    assertEquals(5, rounds.calls());
    assertEquals(5, rounds.rounds());
    assertEquals(1, rounds.maxInFlight());
    assertEquals("5 rounds of 5 calls, at most 1 in flight", rounds.toString());
  }

  @Test
  void callsInFlightTogetherAreOneRound() throws Exception {
    int parallel = 4;
    RequestRounds rounds = new RequestRounds();
    ExecutorService threads = Executors.newFixedThreadPool(parallel);
    try (DynamoDbClient dynamo = new StubDynamoDb().holdUntilInFlight(parallel).client(1, rounds)) {
      for (int wave = 0; wave < 2; wave++) {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
          calls.add(threads.submit(() -> get(dynamo)));
        }
        for (Future<?> call : calls) {
          call.get();
        }
      }
    } finally {
      threads.shutdown();
    }

    assertEquals(2 * parallel, rounds.calls());
    assertEquals(2, rounds.rounds(), "two waves of calls that overlapped: " + rounds);
    assertEquals(parallel, rounds.maxInFlight());
  }

  @Test
  void aFailedCallEndsToo() {
    RequestRounds rounds = new RequestRounds();
    FaultInjector faults = new FaultInjector(1).rate(FaultInjector.Fault.SERVER_ERROR, 1.0);
    try (DynamoDbClient dynamo = new StubDynamoDb().client(2, rounds, faults)) {
      assertThrows(DynamoDbException.class, () -> get(dynamo));
      faults.off();
      get(dynamo);
    }

    assertEquals(2, rounds.calls(), "a call with its retries is one call");
    assertEquals(2, rounds.rounds());
  }

  @Test
  void clearStartsAfresh() {
    RequestRounds rounds = new RequestRounds();
    try (DynamoDbClient dynamo = new StubDynamoDb().client(1, rounds)) {
      get(dynamo);
      get(dynamo);
      rounds.clear();
      assertEquals(0, rounds.calls());
      assertEquals(0, rounds.rounds());
      get(dynamo);
    }
    assertEquals(1, rounds.calls());
    assertEquals(1, rounds.rounds());
    assertEquals(1, rounds.maxInFlight());
  }
}
