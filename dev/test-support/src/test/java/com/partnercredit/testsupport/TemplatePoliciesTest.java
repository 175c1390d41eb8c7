package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What template.yaml promises about limits and least privilege: throttled routes, only the
 * DynamoDB actions the code calls, writes confined to the partitions a function owns, kms:Decrypt
 * for a customer-managed secret key only, the publication's steps in their order, each within 5
 * minutes, and dead-letter queues behind the schedule and the state machine.
 */
class TemplatePoliciesTest {
  private final Template template = Template.locate();

  private Map<String, Object> properties(String resource) {
    return Template.map(template.resources().get(resource).get("Properties"), resource);
  }

  /** Every statement of a function's inline policies, including those inside an {@code Fn::If}. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> statements(String function) {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object policy : (List<Object>) properties(function).get("Policies")) {
      List<Object> candidates = new ArrayList<>();
      if (policy instanceof Map<?, ?> map && map.containsKey("Fn::If")) {
        candidates.addAll(((List<Object>) map.get("Fn::If")).subList(1, 3));
      } else {
        candidates.add(policy);
      }
      for (Object candidate : candidates) {
        if (candidate instanceof Map<?, ?> map && map.get("Statement") instanceof List<?> list) {
          list.forEach(s -> statements.add((Map<String, Object>) s));
        }
      }
    }
    return statements;
  }

  @SuppressWarnings("unchecked")
  private List<String> actions(String function) {
    List<String> actions = new ArrayList<>();
    for (Map<String, Object> statement : statements(function)) {
      Object action = statement.get("Action");
      if (action instanceof List<?> list) {
        actions.addAll((List<String>) list);
      } else {
        actions.add((String) action);
      }
    }
    return actions;
  }

  @SuppressWarnings("unchecked")
  private List<String> leadingKeys(String function, String action) {
    for (Map<String, Object> statement : statements(function)) {
      if (((List<String>) statement.get("Action")).contains(action)) {
        Map<String, Object> condition = (Map<String, Object>) statement.get("Condition");
        if (condition == null) {
          return List.of();
        }
        return (List<String>) ((Map<String, Object>) condition.get("ForAllValues:StringLike")).get("dynamodb:LeadingKeys");
      }
    }
    throw new AssertionError(function + " has no statement for " + action);
  }

  @Test
  void everyRouteIsThrottled() {
    Map<String, Object> settings = Template.map(properties("HttpApi").get("DefaultRouteSettings"), "DefaultRouteSettings");
    assertTrue(((Number) settings.get("ThrottlingBurstLimit")).intValue() > 0);
    assertTrue(((Number) settings.get("ThrottlingRateLimit")).doubleValue() > 0);
  }

  @Test
  void eachFunctionMayCallOnlyTheDynamoDbActionsItsCodeCalls() {
    assertEquals(List.of("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:PutItem"),
        actions("ActivityIngestionFunction").stream().filter(a -> a.startsWith("dynamodb:")).toList());
    assertEquals(List.of("dynamodb:Query", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PutItem"),
        actions("ActivityDrainFunction").stream().filter(a -> a.startsWith("dynamodb:")).toList());
    assertEquals(List.of("dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:Query", "dynamodb:UpdateItem",
            "dynamodb:PutItem"),
        actions("AssignmentChangesFunction").stream().filter(a -> a.startsWith("dynamodb:")).toList());
    assertEquals(List.of("dynamodb:Query", "dynamodb:BatchGetItem"),
        actions("TierComputationFunction").stream().filter(a -> a.startsWith("dynamodb:")).toList());
    assertEquals(List.of("dynamodb:Query", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem"),
        actions("ReadModelFunction").stream().filter(a -> a.startsWith("dynamodb:")).toList());
    assertEquals(List.of("dynamodb:Query"),
        actions("PointsHistoryFunction").stream().filter(a -> a.startsWith("dynamodb:")).toList());
    for (String step : PUBLICATION_STEPS) {
      assertEquals(List.of("dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:PutItem"),
          actions(step).stream().filter(a -> a.startsWith("dynamodb:")).toList(), step);
    }
  }

  /** Issue 21: each webhook may put its replay markers, and only there (docs/table.md). */
  @Test
  void eachWebhookMayPutReplayMarkersInTheirPartitionsOnly() {
    for (String function : List.of("ActivityIngestionFunction", "AssignmentChangesFunction")) {
      List<Map<String, Object>> markers = statements(function).stream()
          .filter(s -> s.get("Condition") instanceof Map<?, ?> condition
              && condition.get("ForAllValues:StringLike") instanceof Map<?, ?> like
              && List.of("REPLAY#*").equals(like.get("dynamodb:LeadingKeys")))
          .toList();
      assertEquals(1, markers.size(), function);
      assertEquals(List.of("dynamodb:PutItem"), markers.get(0).get("Action"), function);
      assertEquals(Map.of("Fn::GetAtt", List.of("CreditTable", "Arn")), markers.get(0).get("Resource"), function);
    }
  }

  /** BatchWriter writes a refused batch item by item: each step may, in the partitions it batch-writes. */
  @Test
  void everyPublicationStepMayPutTheItemsItBatchWrites() {
    for (String step : PUBLICATION_STEPS) {
      assertEquals(leadingKeys(step, "dynamodb:BatchWriteItem"), leadingKeys(step, "dynamodb:PutItem"), step);
      assertFalse(leadingKeys(step, "dynamodb:PutItem").isEmpty(), step);
    }
  }

  /** The functions of the publication's steps: plan, shard worker, final step, record. */
  private static final List<String> PUBLICATION_STEPS = List.of(
      "PointsPublisherFunction", "PublisherShardFunction", "PublisherFinishFunction", "PublisherRecordFunction");

  @Test
  void theDrainReadsOnlyThePendingPartitionsOnceAMinuteWithoutOverlappingRuns() {
    assertEquals(List.of("PENDING#*"), leadingKeys("ActivityDrainFunction", "dynamodb:Query"));
    Map<String, Object> p = properties("ActivityDrainFunction");
    Map<String, Object> schedule = Template.map(Template.map(p.get("Events"), "Events").get("EveryMinute"), "EveryMinute");
    assertEquals("Schedule", schedule.get("Type"));
    assertEquals("rate(1 minute)", Template.map(schedule.get("Properties"), "EveryMinute.Properties").get("Schedule"));
    assertEquals(60, p.get("Timeout"), "a run takes at most 45 s (PendingDrain.BUDGET): runs never overlap");
    assertEquals(0, Template.map(p.get("EventInvokeConfig"), "EventInvokeConfig").get("MaximumRetryAttempts"),
        "the next minute's run is the retry");
  }

  @Test
  void theHistoryReadsOnlyTheSnapshotPartitions() {
    assertEquals(List.of("SNAPSHOTS#*"), leadingKeys("PointsHistoryFunction", "dynamodb:Query"));
  }

  @Test
  void writesStayInThePartitionsEachFunctionOwns() {
    assertEquals(List.of("CLIENT#*", "DEADLETTER#hubspot#*", "PENDING#*"),
        leadingKeys("ActivityIngestionFunction", "dynamodb:BatchWriteItem"));
    assertEquals(List.of("CLIENT#*", "DEADLETTER#hubspot#*", "PENDING#*"),
        leadingKeys("ActivityIngestionFunction", "dynamodb:PutItem"));
    assertEquals(List.of("CLIENT#*", "DEADLETTER#hubspot#*", "PENDING#*"),
        leadingKeys("ActivityDrainFunction", "dynamodb:BatchWriteItem"));
    assertEquals(List.of("PENDING#*"), leadingKeys("ActivityDrainFunction", "dynamodb:DeleteItem"));
    assertEquals(List.of("CLIENT#*", "PARTNER#*", "DEADLETTER#assignments#*"),
        leadingKeys("AssignmentChangesFunction", "dynamodb:PutItem"));
    assertEquals(List.of("EMAIL#*"), leadingKeys("AssignmentChangesFunction", "dynamodb:UpdateItem"));
    assertEquals(List.of("READMODEL#*"), leadingKeys("ReadModelFunction", "dynamodb:PutItem"),
        "the read model's function writes its items and its progress");
    assertEquals(List.of("PUBLISH#*"), leadingKeys("PointsPublisherFunction", "dynamodb:BatchWriteItem"),
        "the plan writes the run's directory");
    assertEquals(List.of("PUBLISH#*"), leadingKeys("PublisherShardFunction", "dynamodb:BatchWriteItem"),
        "a shard writes its partial sums");
    assertEquals(List.of("SNAPSHOTS#*", "PUBLISH#*"), leadingKeys("PublisherFinishFunction", "dynamodb:BatchWriteItem"),
        "the final step writes snapshots, and the markers of the events it put");
    assertEquals(List.of("SNAPSHOTS#PUBLICATIONS", "SNAPSHOTS#PROGRAM#TIERS"),
        leadingKeys("PublisherRecordFunction", "dynamodb:BatchWriteItem"),
        "the record writes the last publication's marker and the day's partners per tier");
    assertEquals(List.of("SNAPSHOTS#PUBLICATIONS"), leadingKeys("PublisherRecordFunction", "dynamodb:Query"),
        "and reads nothing else");
  }

  @Test
  void onlyTheFinalStepPutsEventsAndEveryStepFitsFiveMinutes() {
    assertTrue(actions("PublisherFinishFunction").contains("events:PutEvents"));
    for (String step : PUBLICATION_STEPS) {
      assertTrue(((Number) properties(step).get("Timeout")).intValue() <= 300, step);
      if (!step.equals("PublisherFinishFunction")) {
        assertFalse(actions(step).contains("events:PutEvents"), step);
      }
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void thePublicationFansOutThenRecordsTheRunOrItsFailure() {
    Map<String, Object> machine = properties("PublisherStateMachine");
    Map<String, Object> definition = Template.map(machine.get("Definition"), "Definition");
    Map<String, Object> states = Template.map(definition.get("States"), "States");
    assertEquals("Plan", definition.get("StartAt"));
    assertEquals("EvaluateShards", Template.map(states.get("Plan"), "Plan").get("Next"));
    Map<String, Object> shards = Template.map(states.get("EvaluateShards"), "EvaluateShards");
    assertEquals("$.shards", shards.get("ItemsPath"));
    assertEquals("DISTRIBUTED", ((Map<String, Object>) ((Map<String, Object>) shards.get("ItemProcessor"))
        .get("ProcessorConfig")).get("Mode"));
    assertEquals("PublishBuckets", shards.get("Next"));
    Map<String, Object> buckets = Template.map(states.get("PublishBuckets"), "PublishBuckets");
    assertEquals("$.buckets", buckets.get("ItemsPath"));
    assertEquals("RecordRun", buckets.get("Next"));
    assertEquals(true, Template.map(states.get("RecordRun"), "RecordRun").get("End"));
    for (String step : List.of("Plan", "EvaluateShards", "PublishBuckets")) {
      Map<String, Object> caught = (Map<String, Object>) ((List<Object>) Template.map(states.get(step), step)
          .get("Catch")).get(0);
      assertEquals(List.of("States.ALL"), caught.get("ErrorEquals"), step);
      assertEquals("RecordFailure", caught.get("Next"), step);
    }
    assertEquals("RunFailed", Template.map(states.get("RecordFailure"), "RecordFailure").get("Next"));
    assertEquals("Fail", Template.map(states.get("RunFailed"), "RunFailed").get("Type"), "the execution fails");
    Map<String, Object> functions = Template.map(machine.get("DefinitionSubstitutions"), "DefinitionSubstitutions");
    assertEquals(Map.of("Ref", "PointsPublisherFunction.Alias"), functions.get("PlanFunction"));
    assertEquals(Map.of("Ref", "PublisherShardFunction.Alias"), functions.get("ShardFunction"));
    assertEquals(Map.of("Ref", "PublisherFinishFunction.Alias"), functions.get("FinishFunction"));
    assertEquals(Map.of("Ref", "PublisherRecordFunction.Alias"), functions.get("RecordFunction"));
  }

  private Map<String, Object> publicationState(String name) {
    Map<String, Object> definition = Template.map(properties("PublisherStateMachine").get("Definition"), "Definition");
    return Template.map(Template.map(definition.get("States"), "States").get(name), name);
  }

  /** The state machine's statements that allow {@code action}. */
  private List<Map<String, Object>> allowing(String resource, String action) {
    return statements(resource).stream()
        .filter(s -> s.get("Action") instanceof List<?> list ? list.contains(action) : action.equals(s.get("Action")))
        .toList();
  }

  @Test
  void aRedrivenRunMayRedriveItsShardsMapRun() {
    Map<String, Object> shards = publicationState("EvaluateShards");
    assertEquals("DISTRIBUTED", Template.map(Template.map(shards.get("ItemProcessor"), "ItemProcessor")
        .get("ProcessorConfig"), "ProcessorConfig").get("Mode"));
    Object name = properties("PublisherStateMachine").get("Name");
    assertEquals(Map.of("Fn::Sub", "${AWS::StackName}-points-publisher"), name);
    List<Map<String, Object>> redrive = allowing("PublisherStateMachine", "states:RedriveExecution");
    assertEquals(1, redrive.size(), statements("PublisherStateMachine").toString());
    // A map run's child executions: <state machine name>/<the Map state's Label>:<id> (Step Functions guide).
    assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:"
        + "${AWS::StackName}-points-publisher/" + shards.get("Label") + ":*"), redrive.get(0).get("Resource"));
    assertEquals("EvaluateShards", shards.get("Label"));
  }

  @Test
  void theStateMachineLogsItsErrorsWithoutExecutionDataToItsOwnLogGroup() {
    Map<String, Object> logging = Template.map(properties("PublisherStateMachine").get("Logging"), "Logging");
    assertTrue(List.of("ERROR", "ALL").contains(logging.get("Level")), logging.toString());
    assertEquals(false, logging.get("IncludeExecutionData"), "partner ids and figures stay out of the log");
    Map<String, Object> destination = Template.map(Template.list(logging.get("Destinations"), "Destinations").get(0),
        "Destination");
    assertEquals(Map.of("LogGroupArn", Map.of("Fn::GetAtt", List.of("PublisherStateMachineLogGroup", "Arn"))),
        destination.get("CloudWatchLogsLogGroup"));
    Map<String, Object> group = properties("PublisherStateMachineLogGroup");
    assertEquals(Map.of("Ref", "LogRetentionDays"), group.get("RetentionInDays"));
    assertTrue(group.get("LogGroupName").toString().contains("/aws/vendedlogs/states/"), group.toString());
    // What Step Functions needs to deliver its logs (Step Functions guide, "Logging using CloudWatch Logs").
    for (String action : List.of("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups")) {
      List<Map<String, Object>> allowed = allowing("PublisherStateMachine", action);
      assertEquals(1, allowed.size(), action);
      assertEquals("*", allowed.get(0).get("Resource"), action);
    }
  }

  /** Every Task state of a definition, by name, Map states' processors included. */
  private static void tasks(Map<String, Object> machine, Map<String, Map<String, Object>> into) {
    Template.map(machine.get("States"), "States").forEach((name, value) -> {
      Map<String, Object> state = Template.map(value, name);
      if ("Task".equals(state.get("Type"))) {
        into.put(name, state);
      } else if (state.containsKey("ItemProcessor")) {
        tasks(Template.map(state.get("ItemProcessor"), name + ".ItemProcessor"), into);
      }
    });
  }

  @Test
  void eachTaskWaitsLongerThanItsFunctionSoAStateNeverRetriesARunningInvocation() {
    Map<String, Object> machine = properties("PublisherStateMachine");
    Map<String, Object> substitutions = Template.map(machine.get("DefinitionSubstitutions"), "DefinitionSubstitutions");
    Map<String, Map<String, Object>> tasks = new TreeMap<>();
    tasks(Template.map(machine.get("Definition"), "Definition"), tasks);
    assertEquals(Set.of("Plan", "EvaluateShard", "PublishBucket", "RecordRun", "RecordFailure"), tasks.keySet());
    tasks.forEach((name, task) -> {
      String substitution = Template.map(task.get("Parameters"), name).get("FunctionName").toString();
      String alias = Template.map(substitutions.get(substitution.substring(2, substitution.length() - 1)), name)
          .get("Ref").toString();
      String function = alias.substring(0, alias.indexOf('.'));
      int functionTimeout = ((Number) properties(function).get("Timeout")).intValue();
      int taskTimeout = ((Number) task.get("TimeoutSeconds")).intValue();
      // A minute for a SnapStart restore or an init (up to 10 s) and the invocation's round trip.
      assertTrue(taskTimeout >= functionTimeout + 60,
          name + " waits " + taskTimeout + " s for " + function + ", whose timeout is " + functionTimeout + " s");
    });
  }

  @Test
  void theShardWorkersReserveExactlyTheConcurrencyTheirMapMayUse() {
    int maxConcurrency = ((Number) publicationState("EvaluateShards").get("MaxConcurrency")).intValue();
    assertEquals(maxConcurrency, properties("PublisherShardFunction").get("ReservedConcurrentExecutions"),
        "at most MaxConcurrency shard workers at once, whatever retries or overlapping runs ask");
    assertTrue(maxConcurrency <= 100, "of a default account quota of 1,000, the webhooks keep 900 or more");
    for (String function : template.resourcesOfType("AWS::Serverless::Function").keySet()) {
      if (!function.equals("PublisherShardFunction")) {
        assertFalse(properties(function).containsKey("ReservedConcurrentExecutions"),
            function + ": only the shard workers are capped; the others share the unreserved pool");
      }
    }
  }

  @Test
  void bothPublisherDeadLetterQueuesKeepMessages14Days() {
    for (String queue : List.of("PublisherDeadLetterQueue", "PublisherScheduleDeadLetterQueue")) {
      assertEquals("AWS::SQS::Queue", template.resources().get(queue).get("Type"), queue);
      assertEquals(14 * 24 * 3600, properties(queue).get("MessageRetentionPeriod"), queue);
    }
    Map<String, Object> policy = properties("PublisherScheduleDeadLetterQueuePolicy");
    assertEquals(List.of(Map.of("Ref", "PublisherScheduleDeadLetterQueue")), policy.get("Queues"));
    String document = policy.get("PolicyDocument").toString();
    assertTrue(document.contains("events.amazonaws.com") && document.contains("sqs:SendMessage"), document);
    assertTrue(document.contains("aws:SourceArn={Fn::GetAtt=[PublisherStateMachineDaily, Arn]}"),
        "only the Daily event's rule (SAM names it <state machine><event>) may send: " + document);
  }

  @Test
  void theShardWorkersRunTheFullJitAndTheShortFunctionsKeepC1() {
    Map<String, Object> globals = Template.map(template.globals("Function").get("Environment"), "Environment");
    String global = Template.map(globals.get("Variables"), "Variables").get("JAVA_TOOL_OPTIONS").toString();
    assertTrue(global.contains("-XX:TieredStopAtLevel=1"), "C1 only: the fastest start for short invocations");
    String shard = Template.map(Template.map(properties("PublisherShardFunction").get("Environment"), "Environment")
        .get("Variables"), "Variables").get("JAVA_TOOL_OPTIONS").toString();
    assertFalse(shard.contains("TieredStopAtLevel"), "up to 5 minutes of evaluation need C2: " + shard);
  }

  @Test
  void aCustomerManagedSecretKeyMayDecryptThroughSecretsManagerOnly() {
    Map<String, Object> parameter = Template.map(
        Template.map(template.root().get("Parameters"), "Parameters").get("SecretKmsKeyArn"), "SecretKmsKeyArn");
    assertEquals("", parameter.get("Default"));
    assertTrue(Template.map(template.root().get("Conditions"), "Conditions").containsKey("SecretHasCustomerManagedKey"));
    for (String function : List.of("ActivityIngestionFunction", "AssignmentChangesFunction")) {
      Map<String, Object> decrypt = statements(function).stream()
          .filter(s -> s.get("Action").equals(List.of("kms:Decrypt")))
          .findFirst().orElseThrow(() -> new AssertionError(function + " has no kms:Decrypt"));
      assertEquals(Map.of("Ref", "SecretKmsKeyArn"), decrypt.get("Resource"));
      assertTrue(decrypt.get("Condition").toString().contains("kms:ViaService"), decrypt.toString());
    }
    assertFalse(actions("TierComputationFunction").contains("kms:Decrypt"));
  }

  @Test
  void theScheduleRetriesAndKeepsWhatItCouldNotDeliverAndAFailedRunIsKept() {
    Map<String, Object> daily = Template.map(
        Template.map(properties("PublisherStateMachine").get("Events"), "Events").get("Daily"), "Daily");
    Map<String, Object> schedule = Template.map(daily.get("Properties"), "Daily.Properties");
    assertEquals("Schedule", daily.get("Type"));
    assertEquals(Map.of("Arn", Map.of("Fn::GetAtt", List.of("PublisherScheduleDeadLetterQueue", "Arn"))),
        schedule.get("DeadLetterConfig"), "a queue of the template's, not one SAM generates");
    Map<String, Object> retry = Template.map(schedule.get("RetryPolicy"), "RetryPolicy");
    assertTrue(((Number) retry.get("MaximumRetryAttempts")).intValue() > 0);
    assertTrue(((Number) retry.get("MaximumEventAgeInSeconds")).intValue() > 0);
    Map<String, Object> failed = properties("PublisherRunFailed");
    assertTrue(failed.get("EventPattern").toString().contains("FAILED"), failed.toString());
    assertEquals(Map.of("Fn::GetAtt", List.of("PublisherDeadLetterQueue", "Arn")),
        ((Map<?, ?>) ((List<?>) failed.get("Targets")).get(0)).get("Arn"));
  }
}
