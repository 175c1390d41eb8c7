package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.TestTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The local stack's event source mapping against the emulator's real stream: what reaches the
 * function (facts and activities only, keys and sequence numbers), a retry from a reported batch
 * item failure, bisection around a record that always fails, the failure destination after the
 * retries, and the progress recorded once the stream is drained. The function here is a recorder,
 * so each case is exact; the read model's own handler is exercised by the differential ITs.
 */
@ExtendWith(DynamoDbExtension.class)
class StreamPollerIT {
  static final StreamPoller.Settings FAST =
      new StreamPoller.Settings(100, Duration.ofMillis(100), 2, Duration.ofMillis(50), Duration.ofSeconds(1));

  /** The sort keys the function was invoked with, batch by batch. */
  final List<List<String>> batches = new CopyOnWriteArrayList<>();

  @Test
  void retriesFromAReportedFailureBisectsAroundAPoisonRecordAndSendsItToTheFailureDestination(TestTable table)
      throws Exception {
    AtomicInteger reported = new AtomicInteger();
    StreamPoller.Target function = batch -> {
      List<String> keys = keys(batch);
      batches.add(keys);
      if (keys.contains("FACT#poison")) {
        throw new IllegalStateException("poison");
      }
      int flaky = keys.indexOf("FACT#flaky");
      if (flaky >= 0 && reported.getAndIncrement() < 1) {
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(
            batch.getRecords().get(flaky).getDynamodb().getSequenceNumber())));
      }
      return new StreamsEventResponse(List.of());
    };
    for (String sk : List.of("FACT#a", "FACT#flaky", "FACT#b", "FACT#poison", "FACT#c")) {
      put(table, "CLIENT#1", sk);
    }
    put(table, "READMODEL#PARTNER#1", "CLIENT#1"); // not for the read model: filtered out
    Instant written = Instant.now();

    try (StreamPoller poller = start(table, function)) {
      assertTrue(poller.awaitCaughtUp(written, Duration.ofSeconds(60)), "caught up");

      assertEquals(List.of(
              List.of("FACT#a", "FACT#flaky", "FACT#b", "FACT#poison", "FACT#c"), // one batch; the READMODEL item filtered out
              List.of("FACT#a", "FACT#flaky"), // the function threw: bisected
              List.of("FACT#flaky"), // retried from the failure reported
              List.of("FACT#b", "FACT#poison", "FACT#c"),
              List.of("FACT#b"),
              List.of("FACT#poison", "FACT#c"),
              List.of("FACT#poison"), // past the retries: to the failure destination
              List.of("FACT#c")),
          batches);
      assertEquals(1, poller.failed().size(), poller.failed().toString());
      assertTrue(poller.failed().get(0).contains("1 record(s)"), poller.failed().get(0));
      Optional<Instant> until = new ReadModelStore(table.client(), table.name()).changesUntil();
      assertTrue(until.isPresent() && !until.get().isBefore(written), "progress through the drained poll: " + until);
    }
  }

  @Test
  void progressFollowsTheClockWhileTheStreamIsIdle(TestTable table) throws Exception {
    try (StreamPoller poller = start(table, batch -> new StreamsEventResponse(List.of()))) {
      Instant first = Instant.now();
      assertTrue(poller.awaitCaughtUp(first, Duration.ofSeconds(60)));
      Thread.sleep(1_500);
      Instant later = Instant.now();
      assertTrue(poller.awaitCaughtUp(later, Duration.ofSeconds(60)));
      Thread.sleep(1_500); // the idle progress is written at most once a second
      Instant until = new ReadModelStore(table.client(), table.name()).changesUntil().orElseThrow();
      assertTrue(!until.isBefore(later), until + " is at least " + later);
    }
  }

  private static StreamPoller start(TestTable table, StreamPoller.Target function) {
    Emulator emulator = Emulator.shared();
    String arn = table.client().describeTable(d -> d.tableName(table.name())).table().latestStreamArn();
    return StreamPoller.start(emulator.configure(DynamoDbStreamsClient.builder()).build(), arn, function,
        new ReadModelStore(table.client(), table.name()), FAST, Clock.systemUTC(), System.out);
  }

  private static void put(TestTable table, String pk, String sk) {
    table.client().putItem(p -> p.tableName(table.name())
        .item(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))));
  }

  private static List<String> keys(DynamodbEvent batch) {
    List<String> keys = new ArrayList<>();
    for (DynamodbEvent.DynamodbStreamRecord r : batch.getRecords()) {
      keys.add(r.getDynamodb().getKeys().get("sk").getS());
    }
    return keys;
  }
}
