package com.partnercredit.publisher;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.metrics.Metrics;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.testsupport.StateMachineRun;
import com.partnercredit.testsupport.Template;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * A publication as the tests and the benchmark run it: an execution of template.yaml's own
 * {@code PublisherStateMachine} ({@link StateMachineRun}), whose tasks invoke the four step handlers,
 * built here from their parts, with each input and result passed through JSON as Lambda passes them.
 * The steps run one after another; a failing task is retried as its {@code Retry} says. The plan
 * fails unless the read model has recorded progress: tests build it first ({@link ReadModelBuild}).
 */
final class InProcessRun {
  static final RuleTables RULES = RuleTablesLoader.fromClasspath();
  static final CreditEngine ENGINE = new CreditEngine(RULES);
  static final String STATE_MACHINE = "PublisherStateMachine";
  private static final Template TEMPLATE = Template.locate();

  final FactStore store;
  final SnapshotStore snapshots;
  final PartialSums partials;
  final RunPlanner planner;
  final ShardWorker worker;
  final BucketPublisher publisher;
  final PublisherHandler plan;
  final ShardHandler shard;
  final FinishHandler finish;
  final RecordHandler record;
  private final StateMachineRun stateMachine;
  private Around around = (function, call) -> call.call();

  /** Runs around every task's invocation (the benchmark measures each step). */
  @FunctionalInterface
  interface Around {
    Object invoke(String function, Callable<Object> call) throws Exception;
  }

  /** Steps built on {@code dynamo}, the bus, small shards and groups, and no metrics. */
  InProcessRun(DynamoDbClient dynamo, String table, Clock clock, EventBridgeClient events, String bus,
      ShardPlanner shardPlanner, int partnerGroup) {
    this(dynamo, table, clock, events, bus, shardPlanner, partnerGroup, measurement -> {});
  }

  InProcessRun(DynamoDbClient dynamo, String table, Clock clock, EventBridgeClient events, String bus,
      ShardPlanner shardPlanner, int partnerGroup, Metrics metrics) {
    this(dynamo, table, clock, events, bus, shardPlanner, partnerGroup, metrics, 0);
  }

  /** With parts of the program's record of at most {@code programPartBytes} (0: the store's own). */
  InProcessRun(DynamoDbClient dynamo, String table, Clock clock, EventBridgeClient events, String bus,
      ShardPlanner shardPlanner, int partnerGroup, Metrics metrics, int programPartBytes) {
    BatchWriter writer = new BatchWriter(dynamo, table);
    store = new FactStore(dynamo, table, clock);
    ReadModelStore readModel = new ReadModelStore(dynamo, table);
    RunPartitions runPartitions = new RunPartitions(dynamo, table, writer, clock);
    RunDirectory directory = new RunDirectory(runPartitions);
    partials = new PartialSums(runPartitions);
    snapshots = programPartBytes > 0 ? new SnapshotStore(dynamo, table, writer, programPartBytes)
        : new SnapshotStore(dynamo, table, writer);
    planner = new RunPlanner(store, readModel, directory, shardPlanner);
    worker = new ShardWorker(readModel, ENGINE, directory, partials, clock, partnerGroup);
    publisher = new BucketPublisher(store, ENGINE, RULES, snapshots, new EventBus(events, bus), partials,
        new EventMarkers(runPartitions));
    plan = new PublisherHandler(planner);
    shard = new ShardHandler(worker);
    finish = new FinishHandler(publisher);
    record = new RecordHandler(new PublicationRun(new LastPublication(dynamo, table, writer), snapshots, metrics, clock));
    stateMachine = StateMachineRun.fromTemplate(TEMPLATE, STATE_MACHINE, this::invoke).clock(clock);
  }

  InProcessRun around(Around around) {
    this.around = around;
    return this;
  }

  /** The scheduled event EventBridge starts the state machine with. */
  static Map<String, Object> scheduledEvent(Instant asOf) {
    return Map.of("version", "0", "detail-type", "Scheduled Event", "source", "aws.events",
        "time", asOf.toString(), "detail", Map.of());
  }

  /** One execution as of {@code asOf}; its output, {@code RecordRun}'s summary of the run. */
  @SuppressWarnings("unchecked")
  Map<String, Object> run(Instant asOf) throws StateMachineRun.Failed {
    return (Map<String, Object>) stateMachine.run(scheduledEvent(asOf));
  }

  /** The task invocations of the last execution, in order. */
  List<StateMachineRun.Invocation> invocations() {
    return stateMachine.invocations();
  }

  /** The invocations of the last execution by one function (its logical id). */
  List<StateMachineRun.Invocation> invocationsOf(String function) {
    return invocations().stream().filter(i -> i.function().equals(function) && i.error() == null).toList();
  }

  /** The plan of the last execution: the Plan task's result. */
  @SuppressWarnings("unchecked")
  Map<String, Object> plan() {
    return (Map<String, Object>) invocationsOf("PointsPublisherFunction").get(0).output();
  }

  /** Invokes a function's handler as Lambda would: the payload and the result through JSON. */
  Object invoke(String function, Object payload) throws Exception {
    return around.invoke(function, () -> handle(function, payload));
  }

  private Object handle(String function, Object payload) throws Exception {
    Map<String, Object> input = JSON.std.mapFrom(JSON.std.asString(payload));
    Context context = context(UUID.randomUUID().toString());
    Map<String, Object> result = switch (function) {
      case "PointsPublisherFunction" -> plan.handleRequest(input, context);
      case "PublisherShardFunction" -> shard.handleRequest(input, context);
      case "PublisherFinishFunction" -> finish.handleRequest(input, context);
      case "PublisherRecordFunction" -> record.handleRequest(input, context);
      default -> throw new IllegalStateException(STATE_MACHINE + " invokes " + function + ", which has no handler here");
    };
    return JSON.std.anyFrom(JSON.std.asString(result));
  }

  /** A Lambda context that knows its request id only. */
  static Context context(String requestId) {
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
  }
}
