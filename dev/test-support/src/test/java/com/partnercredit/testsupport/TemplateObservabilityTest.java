package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What template.yaml promises an engineer on call (issue 12): a log group with a retention per
 * function, an alarm topic with an optional email, every alarm of the runbook on the right metric
 * and threshold, and a dashboard that shows them.
 */
class TemplateObservabilityTest {
  private static final Map<String, Object> NAMESPACE = Map.of("Fn::Sub", "PartnerCredit/${AWS::StackName}");
  private static final Map<String, String> HUBSPOT = Map.of("Function", "activity-ingestion", "Route", "POST /webhooks/hubspot");
  private static final Map<String, String> ASSIGNMENTS =
      Map.of("Function", "assignment-changes", "Route", "POST /webhooks/assignments");
  private static final Map<String, String> PUBLISHER = Map.of("Function", "points-publisher");
  private static final Map<String, String> DRAIN = Map.of("Function", "activity-drain");
  private static final Map<String, String> READ_MODEL = Map.of("Function", "read-model");

  private final Template template = Template.locate();

  private Map<String, Object> properties(String resource) {
    Map<String, Object> r = template.resources().get(resource);
    assertNotNull(r, resource + " is not in the template");
    return Template.map(r.get("Properties"), resource);
  }

  private Map<String, Object> parameter(String name) {
    return Template.map(Template.map(template.root().get("Parameters"), "Parameters").get(name), name);
  }

  /** A metric as an alarm names it: namespace, name and dimensions (intrinsics as their long form). */
  record Metric(Object namespace, String name, Map<String, Object> dimensions) {}

  private static Map<String, Object> dimensions(Object list) {
    Map<String, Object> dims = new LinkedHashMap<>();
    if (list != null) {
      for (Object d : Template.list(list, "Dimensions")) {
        Map<String, Object> dim = Template.map(d, "Dimension");
        dims.put((String) dim.get("Name"), dim.get("Value"));
      }
    }
    return dims;
  }

  /** Every metric an alarm reads: its own, or those of its metric-math expression. */
  private List<Metric> metricsOf(String alarm) {
    Map<String, Object> p = properties(alarm);
    List<Metric> metrics = new ArrayList<>();
    if (p.containsKey("MetricName")) {
      metrics.add(new Metric(p.get("Namespace"), (String) p.get("MetricName"), dimensions(p.get("Dimensions"))));
    }
    if (p.containsKey("Metrics")) {
      for (Object q : Template.list(p.get("Metrics"), alarm + ".Metrics")) {
        Map<String, Object> query = Template.map(q, "query");
        if (query.containsKey("MetricStat")) {
          Map<String, Object> metric = Template.map(Template.map(query.get("MetricStat"), "MetricStat").get("Metric"), "Metric");
          metrics.add(new Metric(metric.get("Namespace"), (String) metric.get("MetricName"), dimensions(metric.get("Dimensions"))));
        }
      }
    }
    return metrics;
  }

  private void assertAlarm(String alarm, String comparison, double threshold, Metric... expected) {
    Map<String, Object> p = properties(alarm);
    assertEquals("AWS::CloudWatch::Alarm", template.resources().get(alarm).get("Type"), alarm);
    assertEquals(comparison, p.get("ComparisonOperator"), alarm);
    assertEquals(threshold, ((Number) p.get("Threshold")).doubleValue(), alarm);
    List<Metric> metrics = metricsOf(alarm);
    for (Metric m : expected) {
      assertTrue(metrics.contains(m), alarm + " does not read " + m + "; it reads " + metrics);
    }
    assertEquals(expected.length, metrics.size(), alarm + " reads " + metrics);
  }

  private static Metric ours(String name, Map<String, String> dims) {
    return new Metric(NAMESPACE, name, new LinkedHashMap<>(dims));
  }

  // ---- logs ----

  @Test
  void everyFunctionLogsToItsOwnLogGroupWithTheRetentionParameter() {
    Map<String, Map<String, Object>> functions = template.resourcesOfType("AWS::Serverless::Function");
    assertEquals(13, functions.size(), "ingestion and its drain, assignments, breakdown, read model, history,"
        + " program view, dashboard, the publication's plan, shards, final step, record, the read model's drift check");
    Set<Object> groups = new TreeSet<>();
    for (String function : functions.keySet()) {
      Map<String, Object> logging = Template.map(properties(function).get("LoggingConfig"), function + ".LoggingConfig");
      assertEquals("JSON", logging.get("LogFormat"), function);
      String group = (String) Template.map(logging.get("LogGroup"), function + ".LogGroup").get("Ref");
      assertNotNull(group, function + " names no log group");
      assertEquals("AWS::Logs::LogGroup", template.resources().get(group).get("Type"), group);
      assertEquals(Map.of("Ref", "LogRetentionDays"), properties(group).get("RetentionInDays"), group);
      groups.add(group);
    }
    assertEquals(functions.size(), groups.size(), "one log group per function: " + groups);
    assertEquals(30, parameter("LogRetentionDays").get("Default"));
  }

  @Test
  void publishedEventsAreKeptInALogGroupWithTheSameRetention() {
    assertEquals(Map.of("Ref", "LogRetentionDays"), properties("PublishedEventsLogGroup").get("RetentionInDays"));
    Map<String, Object> rule = properties("PublishedEventsRule");
    assertEquals(Map.of("Ref", "EventBus"), rule.get("EventBusName"));
    assertEquals(Map.of("source", List.of("partner-credit")), rule.get("EventPattern"));
  }

  @Test
  void theFunctionsPublishTheirMetricsInTheNamespaceTheAlarmsRead() {
    Map<String, Object> env = Template.map(Template.map(template.globals("Function").get("Environment"), "Environment")
        .get("Variables"), "Variables");
    assertEquals(NAMESPACE, env.get("METRICS_NAMESPACE"));
  }

  // ---- where alarms go ----

  @Test
  void everyAlarmNotifiesTheTopicAndSaysWhatToDo() {
    Map<String, Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
    assertTrue(alarms.size() >= 18, alarms.keySet().toString());
    for (String alarm : alarms.keySet()) {
      Map<String, Object> p = properties(alarm);
      assertEquals(List.of(Map.of("Ref", "AlarmTopic")), p.get("AlarmActions"), alarm);
      String description = (String) p.get("AlarmDescription");
      assertTrue(description != null && description.contains("First:"), alarm + " says no first step: " + description);
    }
  }

  @Test
  void anOptionalEmailSubscribesToTheAlarmTopic() {
    assertEquals("AWS::SNS::Topic", template.resources().get("AlarmTopic").get("Type"));
    assertEquals("", parameter("AlarmEmail").get("Default"));
    Map<String, Object> subscription = template.resources().get("AlarmEmailSubscription");
    assertEquals("HasAlarmEmail", subscription.get("Condition"));
    Map<String, Object> p = properties("AlarmEmailSubscription");
    assertEquals("email", p.get("Protocol"));
    assertEquals(Map.of("Ref", "AlarmEmail"), p.get("Endpoint"));
    assertEquals(Map.of("Ref", "AlarmTopic"), p.get("TopicArn"));
  }

  // ---- the alarms the runbook names ----

  @Test
  void a401SpikeOnEitherWebhookRoute() {
    assertAlarm("WebhookUnauthorizedAlarm", "GreaterThanOrEqualToThreshold", 5,
        ours("Unauthorized", HUBSPOT), ours("Unauthorized", ASSIGNMENTS));
  }

  @Test
  void a401ShareAboveTwoPercent() {
    assertAlarm("WebhookUnauthorizedShareAlarm", "GreaterThanThreshold", 2,
        ours("Unauthorized", HUBSPOT), ours("Unauthorized", ASSIGNMENTS),
        ours("Requests", HUBSPOT), ours("Requests", ASSIGNMENTS));
  }

  @Test
  void anyDeadLetter() {
    assertAlarm("DeadLetterAlarm", "GreaterThanOrEqualToThreshold", 1,
        ours("DeadLetters", HUBSPOT), ours("DeadLetters", ASSIGNMENTS));
  }

  @Test
  void any5xxOnAnyRoute() {
    assertAlarm("ApiServerErrorAlarm", "GreaterThanOrEqualToThreshold", 1,
        new Metric("AWS/ApiGateway", "5xx", Map.of("ApiId", Map.of("Ref", "HttpApi"))));
  }

  @Test
  void lambdaErrorsAndThrottlesOfEveryFunction() {
    for (String function : template.resourcesOfType("AWS::Serverless::Function").keySet()) {
      String base = function.replace("Function", "");
      Map<String, Object> byName = Map.of("FunctionName", Map.of("Ref", function));
      assertAlarm(base + "ErrorsAlarm", "GreaterThanOrEqualToThreshold", 1, new Metric("AWS/Lambda", "Errors", byName));
      assertAlarm(base + "ThrottlesAlarm", "GreaterThanOrEqualToThreshold", 1, new Metric("AWS/Lambda", "Throttles", byName));
    }
  }

  /** The DynamoDB operations the functions call (shared/.../store: BatchWriter, FactStore, EmailPartners, PendingWrites). */
  static final List<String> DYNAMODB_OPERATIONS =
      List.of("BatchWriteItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem");

  @Test
  void dynamoDbThrottledRequestsOfEveryOperationTheCodeCalls() {
    List<Metric> expected = new ArrayList<>();
    for (String operation : DYNAMODB_OPERATIONS) {
      Map<String, Object> dims = new LinkedHashMap<>();
      dims.put("TableName", Map.of("Ref", "CreditTable"));
      dims.put("Operation", operation);
      expected.add(new Metric("AWS/DynamoDB", "ThrottledRequests", dims));
    }
    assertAlarm("DynamoDbThrottleAlarm", "GreaterThanOrEqualToThreshold", 1, expected.toArray(Metric[]::new));
    assertEquals(DYNAMODB_OPERATIONS.size() + 1, Template.list(properties("DynamoDbThrottleAlarm").get("Metrics"), "Metrics")
        .size(), "the operations, and one expression that adds them all up");
  }

  /**
   * The operations {@link #DYNAMODB_OPERATIONS} names are those the functions' code calls on its
   * {@code DynamoDbClient} (shared and every function module). {@code EmailPartnersBackfill} is left
   * out: an operator runs it once, through the local stack's tool, never a function.
   */
  @Test
  void theOperationsTheAlarmReadsAreThoseTheCodeCalls() throws Exception {
    Path root = template.path().getParent();
    Pattern call = Pattern.compile("dynamo(?:\\(\\))?\\.(\\w+)\\(");
    Set<String> clientMethods = new TreeSet<>();
    for (java.lang.reflect.Method m : software.amazon.awssdk.services.dynamodb.DynamoDbClient.class.getMethods()) {
      clientMethods.add(m.getName());
    }
    Set<String> called = new TreeSet<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> f.toString().contains("src" + File.separator + "main"))
          .filter(f -> root.relativize(f).startsWith("shared") || root.relativize(f).startsWith("functions"))
          .filter(f -> !f.getFileName().toString().equals("EmailPartnersBackfill.java"))
          .toList();
    }
    for (Path source : sources) {
      Matcher m = call.matcher(Files.readString(source));
      while (m.find()) {
        String method = m.group(1).replace("Paginator", "");
        if (clientMethods.contains(method) && !method.equals("serviceName") && !method.equals("close")) {
          called.add(Character.toUpperCase(method.charAt(0)) + method.substring(1));
        }
      }
    }
    assertEquals(new TreeSet<>(DYNAMODB_OPERATIONS), called);
  }

  /** ThrottledRequests misses a partly throttled batch; the throttle events count every throttled item. */
  @Test
  void dynamoDbThrottleEventsOfTheTableAndEachIndex() {
    List<Metric> expected = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    for (Object index : Template.list(properties("CreditTable").get("GlobalSecondaryIndexes"), "GlobalSecondaryIndexes")) {
      indexes.add((String) Template.map(index, "index").get("IndexName"));
    }
    assertEquals(List.of("gsi1", "gsi2"), indexes);
    List<String> where = new ArrayList<>();
    where.add(null);
    where.addAll(indexes);
    for (String index : where) {
      for (String metric : List.of("ReadThrottleEvents", "WriteThrottleEvents")) {
        Map<String, Object> dims = new LinkedHashMap<>();
        dims.put("TableName", Map.of("Ref", "CreditTable"));
        if (index != null) {
          dims.put("GlobalSecondaryIndexName", index);
        }
        expected.add(new Metric("AWS/DynamoDB", metric, dims));
      }
    }
    assertAlarm("DynamoDbThrottleEventsAlarm", "GreaterThanOrEqualToThreshold", 1, expected.toArray(Metric[]::new));
    String sum = Template.list(properties("DynamoDbThrottleEventsAlarm").get("Metrics"), "Metrics").stream()
        .map(q -> Template.map(q, "query")).filter(q -> q.containsKey("Expression"))
        .map(q -> (String) q.get("Expression")).findFirst().orElseThrow();
    for (Object q : Template.list(properties("DynamoDbThrottleEventsAlarm").get("Metrics"), "Metrics")) {
      Map<String, Object> query = Template.map(q, "query");
      if (query.containsKey("MetricStat")) {
        assertTrue(sum.contains("FILL(" + query.get("Id") + ", 0)"), sum + " leaves out " + query.get("Id"));
      }
    }
  }

  @Test
  void activitiesWaitingHalfAnHourForTheDrain() {
    assertAlarm("PendingWritesAgeAlarm", "GreaterThanOrEqualToThreshold", 1800, ours("OldestPendingAge", DRAIN));
    assertEquals("Maximum", properties("PendingWritesAgeAlarm").get("Statistic"));
  }

  @Test
  void theReadModelTwoMinutesBehindForAQuarterOfAnHour() {
    assertAlarm("ReadModelLagAlarm", "GreaterThanOrEqualToThreshold", 120_000, ours("Lag", READ_MODEL),
        new Metric("AWS/Lambda", "IteratorAge", Map.of("FunctionName", Map.of("Ref", "ReadModelFunction"))));
    Map<String, Object> p = properties("ReadModelLagAlarm");
    assertEquals(3, p.get("EvaluationPeriods"));
    assertEquals(3, p.get("DatapointsToAlarm"));
    for (Object q : Template.list(p.get("Metrics"), "Metrics")) {
      Map<String, Object> query = Template.map(q, "query");
      if (query.containsKey("MetricStat")) {
        assertEquals("Maximum", Template.map(query.get("MetricStat"), "MetricStat").get("Stat"), query.toString());
      } else {
        assertEquals("MAX([FILL(lag, 0), FILL(age, 0)])", query.get("Expression"), "the larger of the two");
      }
    }
  }

  @Test
  void aBatchTheReadModelGaveUpOn() {
    assertAlarm("ReadModelFailureQueueAlarm", "GreaterThanOrEqualToThreshold", 1,
        new Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible",
            Map.of("QueueName", Map.of("Fn::GetAtt", List.of("ReadModelFailureQueue", "QueueName")))));
    String description = (String) properties("ReadModelFailureQueueAlarm").get("AlarmDescription");
    assertTrue(description.contains("bin/rebuild-read-model"), description);
  }

  @Test
  void aReadModelThatDriftsFromTheFacts() {
    assertAlarm("ReadModelDriftAlarm", "GreaterThanOrEqualToThreshold", 1,
        ours("Drifted", Map.of("Function", "drift-check")));
    assertEquals("Sum", properties("ReadModelDriftAlarm").get("Statistic"));
  }

  @Test
  void aFailedPublicationOrFailedPartners() {
    assertAlarm("PublisherRunFailedAlarm", "GreaterThanOrEqualToThreshold", 1, ours("RunFailed", PUBLISHER));
    assertAlarm("PublisherFailedPartnersAlarm", "GreaterThanOrEqualToThreshold", 1, ours("PartnersFailed", PUBLISHER));
  }

  @Test
  void aShardWorkerNearItsFiveMinutes() {
    assertAlarm("PublisherSlowShardAlarm", "GreaterThanOrEqualToThreshold", 240_000, ours("SlowestShard", PUBLISHER));
    assertEquals("Maximum", properties("PublisherSlowShardAlarm").get("Statistic"));
  }

  @Test
  void noSuccessfulPublicationFor26Hours() {
    assertAlarm("PublicationOverdueAlarm", "LessThanThreshold", 1, ours("RunSucceeded", PUBLISHER));
    Map<String, Object> p = properties("PublicationOverdueAlarm");
    assertEquals("Sum", p.get("Statistic"));
    assertEquals(3600, p.get("Period"));
    assertEquals(Map.of("Ref", "PublicationMaxAgeHours"), p.get("EvaluationPeriods"));
    assertEquals(Map.of("Ref", "PublicationMaxAgeHours"), p.get("DatapointsToAlarm"));
    assertEquals("breaching", p.get("TreatMissingData"), "no run at all is the case to catch");
    assertEquals(26, parameter("PublicationMaxAgeHours").get("Default"));
  }

  @Test
  void messagesInThePublishersDeadLetterQueues() {
    assertAlarm("PublisherDeadLetterQueueAlarm", "GreaterThanOrEqualToThreshold", 1,
        new Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible",
            Map.of("QueueName", Map.of("Fn::GetAtt", List.of("PublisherDeadLetterQueue", "QueueName")))));
    assertAlarm("PublisherScheduleDeadLetterQueueAlarm", "GreaterThanOrEqualToThreshold", 1,
        new Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible",
            Map.of("QueueName", Map.of("Fn::GetAtt", List.of("PublisherScheduleDeadLetterQueue", "QueueName")))));
  }

  // ---- the dashboard ----

  @Test
  @SuppressWarnings("unchecked")
  void theDashboardIsValidJsonAndShowsEveryAlarm() {
    String body = (String) Template.map(properties("HealthDashboard").get("DashboardBody"), "DashboardBody").get("Fn::Sub");
    Map<String, Object> dashboard = new Yaml(new SafeConstructor(new LoaderOptions())).load(body); // JSON is YAML
    List<Map<String, Object>> widgets = (List<Map<String, Object>>) dashboard.get("widgets");
    assertFalse(widgets.isEmpty());
    List<Object> shown = new ArrayList<>();
    for (Map<String, Object> widget : widgets) {
      if ("alarm".equals(widget.get("type"))) {
        shown.addAll((List<Object>) ((Map<String, Object>) widget.get("properties")).get("alarms"));
      }
      assertTrue(((Number) widget.get("x")).intValue() + ((Number) widget.get("width")).intValue() <= 24, widget.toString());
    }
    for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm").keySet()) {
      assertTrue(shown.contains("${" + alarm + ".Arn}"), "the dashboard does not show " + alarm);
    }
    for (String metric : List.of("Received", "DeadLetters", "Unauthorized", "ClientsEvaluated", "DynamoDbRequests",
        "PartnersPublished", "PartnersFailed", "EventsPut", "SinceLastSuccess", "Duration", "SlowestShard", "Spilled",
        "Drained", "OldestPendingAge", "Lag", "IteratorAge", "Records", "ClientsRecomputed", "ItemsWritten", "Failed")) {
      assertTrue(body.contains("\"" + metric + "\"") || body.contains("\\\"" + metric + "\\\""),
          "the dashboard does not show " + metric);
    }
  }
}
