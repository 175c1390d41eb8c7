package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactItems;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.StateMachineRun;
import com.partnercredit.testsupport.Template;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Issue 21, finding 4: a run in which every partner of 10,000 fails keeps every state of
 * template.yaml's {@code PublisherStateMachine} under Step Functions' 256 KiB, because a
 * {@code States.DataLimitExceeded} cannot be caught (no {@code RecordFailure}, no {@code RunFailed}).
 *
 * <p>The definition runs in {@link StateMachineRun}; the plan is HubSpot's size (10,000 partners:
 * 24 buckets, and shards of partners cut by the real {@link ShardPlanner}). The failures are
 * injected where they are cheap: the plan and the shard workers are stand-ins that answer what the
 * real steps answer ({@link RunPlan#toMap}, {@link ShardWorker.ShardReport}, through {@link Step}),
 * and each shard writes, through the real {@link PartialSums}, every partner it was given as failed
 * with a long exception text, as a shard whose partners cannot be evaluated does. Reading the read
 * model of 10,000 partners with 250,000 clients on moto would take hours.
 * The partner buckets and the record are the real handlers on the emulator: each bucket lists its
 * partners through gsi2, finds them all failed in the shards' partial sums, and answers its report.
 */
class PublisherStateSizeIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  static final int PARTNERS = 10_000;
  /** Step Functions' limit on a state's input, output and a task's result, in UTF-8 bytes of JSON. */
  static final int STATE_LIMIT = 256 * 1024;
  /** An exception text as a failing evaluation gives it (about 2 KB, stack and all). */
  static final String LONG_REASON = "could not be evaluated: java.lang.IllegalStateException: "
      + "at com.partnercredit.domain.CreditEngine.evaluate(CreditEngine.java:123) ".repeat(28);

  @Test
  void aRunWhereEveryPartnerOf10000FailsKeepsEveryStateUnder256KiB() throws Exception {
    DynamoDbClient dynamo = DYNAMO.client();
    String table = DYNAMO.tableName();
    Instant asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Random random = new Random(21);
    long[] partners = PublisherScaleModel.distinct(random, PARTNERS, 1_000_000, 60_000_000);
    register(new BatchWriter(dynamo, table), partners, asOf);

    ShardPlanner planner = ShardPlanner.standard();
    RunPlan plan = RunPlan.of(asOf, PublisherScaleModel.shards(planner, partners), planner.buckets(PARTNERS),
        PARTNERS, asOf);
    EventBridgeClient events = Emulator.shared().configure(EventBridgeClient.builder()).build();
    String bus = "partner-credit-size-" + UUID.randomUUID().toString().substring(0, 8);
    events.createEventBus(b -> b.name(bus));
    InProcessRun steps = new InProcessRun(dynamo, table, Clock.systemUTC(), events, bus, planner, ShardWorker.PARTNER_GROUP);
    StateMachineRun machine = StateMachineRun.fromTemplate(Template.locate(), InProcessRun.STATE_MACHINE,
        (function, payload) -> switch (function) {
          case "PointsPublisherFunction" -> json(Step.run("plan", asOf, plan::toMap));
          case "PublisherShardFunction" -> json(everyPartnerFails(steps.partials, plan, partners, payload));
          default -> steps.invoke(function, payload); // the buckets and the record: the real handlers
        });

    long started = System.nanoTime();
    Map<?, ?> run;
    try {
      run = (Map<?, ?>) machine.run(InProcessRun.scheduledEvent(asOf));
    } finally {
      events.deleteEventBus(b -> b.name(bus));
      events.close();
    }
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertEquals("partial", run.get("outcome"), run.toString());
    assertEquals(PARTNERS, ((Number) run.get("failedCount")).intValue(), "every partner failed, and is counted");
    assertEquals(0, ((Number) run.get("snapshots")).intValue());
    assertTrue(plan.shards().size() >= PARTNERS / ShardPlanner.PARTNERS_PER_SHARD, "HubSpot's size: 10,000 partners");
    assertEquals(plan.shards().size(), ((Number) run.get("shards")).intValue());
    assertEquals(24, ((Number) run.get("buckets")).intValue(), "10,000 partners, 500 a bucket, 8 partitions");
    List<StateMachineRun.Invocation> buckets = machine.invocations().stream()
        .filter(i -> i.function().equals("PublisherFinishFunction")).toList();
    assertEquals(24, buckets.size());
    for (StateMachineRun.Invocation bucket : buckets) {
      Map<?, ?> report = (Map<?, ?>) bucket.output();
      List<?> listed = (List<?>) report.get("failedPartners");
      assertEquals(PublishReport.LISTED_FAILURES, listed.size(), report.toString());
      assertEquals(report.get("partners"), report.get("failedCount"), "each bucket's partners all failed");
      for (Object f : listed) {
        String reason = (String) ((Map<?, ?>) f).get("reason");
        assertTrue(reason.startsWith("could not be evaluated") && reason.length() <= RunTotals.REASON_CHARS, reason);
      }
    }

    // Every state's input and output, and every task's payload and result, as Step Functions measures them.
    Map<String, Integer> largest = new TreeMap<>();
    String largestState = null;
    int largestBytes = 0;
    for (StateMachineRun.StateData state : machine.states()) {
      for (Object data : new Object[] {state.input(), state.output()}) {
        int bytes = bytes(data);
        largest.merge(state.state().replaceAll("\\[\\d+]", "[i]"), bytes, Math::max);
        if (bytes > largestBytes) {
          largestBytes = bytes;
          largestState = state.state();
        }
      }
    }
    for (StateMachineRun.Invocation invocation : machine.invocations()) {
      largest.merge("task " + invocation.state() + " (payload, result)",
          Math.max(bytes(invocation.input()), bytes(invocation.output())), Math::max);
    }
    System.out.printf("PublisherStateSizeIT: %,d partners all failed, %d shards, %d buckets in %.1f s;"
        + " largest state %s: %,d bytes of %,d; by state: %s%n", PARTNERS, plan.shards().size(),
        plan.buckets(), millis / 1000.0, largestState, largestBytes, STATE_LIMIT, largest);
    assertEquals(1 + plan.shards().size() + 1 + plan.buckets() + 1 + 1, machine.states().size(),
        "Plan, each shard, EvaluateShards, each bucket, PublishBuckets, RecordRun: " + largest.keySet());
    largest.forEach((state, bytes) -> assertTrue(bytes < STATE_LIMIT,
        state + " holds " + bytes + " bytes, over Step Functions' " + STATE_LIMIT));
  }

  /** One registration per partner, so that each bucket lists its partners through gsi2 as in a real run. */
  private static void register(BatchWriter writer, long[] partners, Instant asOf) throws Exception {
    List<Map<String, AttributeValue>> items = new ArrayList<>(partners.length);
    for (long partner : partners) {
      items.add(FactItems.item(new PartnerRegistered("evt-" + partner + "-registered", asOf.minus(400, ChronoUnit.DAYS),
          partner, "Agency " + partner, List.of("agency" + partner + ".com"), false), null));
    }
    writer.putAll(items);
  }

  /**
   * A shard worker whose every partner failed: the partners are dealt to the shards in turn, and the
   * shard writes them as failed with {@link #LONG_REASON} (the real partial sums: the buckets read
   * them), then answers its report through {@link Step}, as {@link ShardHandler} does.
   */
  private static Map<String, Object> everyPartnerFails(PartialSums partials, RunPlan plan, long[] partners,
      Object payload) {
    Map<?, ?> input = (Map<?, ?>) payload;
    PartnerShard shard = PartnerShard.fromMap(StepInput.object(input, "shard"));
    int shards = plan.shards().size();
    SortedMap<Long, String> failed = new TreeMap<>();
    for (int p = shard.shard(); p < partners.length; p += shards) {
      failed.put(partners[p], LONG_REASON);
    }
    return Step.run("shard " + shard.shard(), plan.asOf(), () -> {
      int items = partials.write(plan.asOf(), plan.plan(), shard.shard(), plan.buckets(), new HashMap<>(), failed);
      return new ShardWorker.ShardReport(shard.shard(), 0, shard.partners(), failed.size(), items).toMap();
    });
  }

  /** A step's result as the state machine gets it: through JSON. */
  private static Object json(Map<String, Object> result) throws Exception {
    return JSON.std.anyFrom(JSON.std.asString(result));
  }

  private static int bytes(Object data) {
    try {
      return data == null ? 0 : JSON.std.asString(data).getBytes(StandardCharsets.UTF_8).length;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
