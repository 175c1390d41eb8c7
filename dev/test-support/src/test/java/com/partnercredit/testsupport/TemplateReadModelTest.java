package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What template.yaml promises about the read model's function (docs/architecture.md, "The read
 * model"): fed by the table's stream through an event source mapping that passes the facts and
 * activities and nothing else, with a batching window, partial batch failures, bisection, bounded
 * retries and a failure queue; and a role that reads the facts and writes the read model only.
 */
class TemplateReadModelTest {
  private static final String FUNCTION = "ReadModelFunction";

  private final Template template = Template.locate();

  private Map<String, Object> properties(String resource) {
    return Template.map(template.resources().get(resource).get("Properties"), resource);
  }

  private Map<String, Object> stream() {
    Map<String, Object> events = Template.map(properties(FUNCTION).get("Events"), "Events");
    assertEquals(1, events.size(), "one event source: " + events.keySet());
    Map<String, Object> event = Template.map(events.values().iterator().next(), "event");
    assertEquals("DynamoDB", event.get("Type"));
    return Template.map(event.get("Properties"), "event.Properties");
  }

  @Test
  void itIsTheTierComputationJarsStreamHandler() {
    Map<String, Object> p = properties(FUNCTION);
    assertEquals("com.partnercredit.tier.ReadModelHandler::handleRequest", p.get("Handler"));
    assertEquals(properties("TierComputationFunction").get("CodeUri"), p.get("CodeUri"));
    assertEquals(Map.of("BuildMethod", "makefile"), template.resources().get(FUNCTION).get("Metadata"));
    assertTrue(((Number) p.get("Timeout")).intValue() <= 900, "Lambda's limit");
  }

  @Test
  void itFollowsTheTablesStreamFromTheOldestRecordItKeeps() {
    Map<String, Object> s = stream();
    assertEquals(Map.of("Fn::GetAtt", List.of("CreditTable", "StreamArn")), s.get("Stream"));
    assertEquals("TRIM_HORIZON", s.get("StartingPosition"));
    Map<String, Object> table = properties("CreditTable");
    assertEquals("KEYS_ONLY",
        Template.map(table.get("StreamSpecification"), "StreamSpecification").get("StreamViewType"));
  }

  @Test
  void batchesWaitAtMostASecondSoThatAFactIsInTheBreakdownWithinTwo() {
    Map<String, Object> s = stream();
    assertEquals(1, s.get("MaximumBatchingWindowInSeconds"), "a batching window, and a short one");
    int size = ((Number) s.get("BatchSize")).intValue();
    assertTrue(size >= 10 && size <= 1000, "batch size " + size);
  }

  @Test
  void aFailedRecordIsRetriedFromItselfBisectedABoundedNumberOfTimesThenNamedInTheFailureQueue() {
    Map<String, Object> s = stream();
    assertEquals(List.of("ReportBatchItemFailures"), s.get("FunctionResponseTypes"));
    assertEquals(true, s.get("BisectBatchOnFunctionError"));
    int retries = ((Number) s.get("MaximumRetryAttempts")).intValue();
    assertTrue(retries >= 1 && retries <= 100, "bounded (-1, the default, retries until the record expires): " + retries);
    int age = ((Number) s.get("MaximumRecordAgeInSeconds")).intValue();
    assertTrue(age >= 60 && age < 24 * 3600, "given up while the stream (24 h) still holds the records: " + age);
    Map<String, Object> onFailure = Template.map(
        Template.map(s.get("DestinationConfig"), "DestinationConfig").get("OnFailure"), "OnFailure");
    assertEquals(Map.of("Fn::GetAtt", List.of("ReadModelFailureQueue", "Arn")), onFailure.get("Destination"));
    assertNull(onFailure.get("Type"), "with a Type SAM adds its own SendMessage policy beside the role's");

    assertEquals("AWS::SQS::Queue", template.resources().get("ReadModelFailureQueue").get("Type"));
    Map<String, Object> queue = properties("ReadModelFailureQueue");
    assertEquals(1_209_600, queue.get("MessageRetentionPeriod"), "14 days");
    assertEquals(true, queue.get("SqsManagedSseEnabled"));
  }

  // ---- the filter ----

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> filters() {
    Map<String, Object> criteria = Template.map(stream().get("FilterCriteria"), "FilterCriteria");
    List<Map<String, Object>> patterns = new ArrayList<>();
    for (Object filter : Template.list(criteria.get("Filters"), "Filters")) {
      String json = (String) Template.map(filter, "Filter").get("Pattern");
      patterns.add((Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json)); // JSON is YAML
    }
    return patterns;
  }

  /** A stream record of the table (KEYS_ONLY) as the filter sees it. */
  private static Map<String, Object> record(String eventName, String pk, String sk) {
    return Map.of("eventName", eventName, "dynamodb",
        Map.of("Keys", Map.of("pk", Map.of("S", pk), "sk", Map.of("S", sk))));
  }

  private boolean passes(Map<String, Object> record) {
    return filters().stream().anyMatch(pattern -> matches(pattern, record));
  }

  /**
   * Lambda's filter rules as far as the template uses them: every key of the pattern must be in the
   * record; a list matches a value equal to one of its strings or starting with one of its
   * {@code {"prefix": ...}}; a mapping matches a mapping, key by key.
   */
  @SuppressWarnings("unchecked")
  private static boolean matches(Object pattern, Object value) {
    if (pattern instanceof Map<?, ?> rules) {
      if (!(value instanceof Map<?, ?> fields)) {
        return false;
      }
      for (Map.Entry<?, ?> rule : rules.entrySet()) {
        if (!fields.containsKey(rule.getKey()) || !matches(rule.getValue(), fields.get(rule.getKey()))) {
          return false;
        }
      }
      return true;
    }
    for (Object allowed : (List<Object>) pattern) {
      if (allowed instanceof String s && s.equals(value)) {
        return true;
      }
      if (allowed instanceof Map<?, ?> m) {
        assertEquals(Set.of("prefix"), m.keySet(), "a filter rule the template's test does not know: " + m);
        if (value instanceof String s && s.startsWith((String) m.get("prefix"))) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void onlyFactsAndActivitiesWrittenReachTheFunction() {
    for (String event : List.of("INSERT", "MODIFY")) {
      assertTrue(passes(record(event, "CLIENT#222", "FACT#evt-1")), "a client-side fact, " + event);
      assertTrue(passes(record(event, "CLIENT#222", "ACTIVITY#USER#7#0001700000000000#a1")), "an activity, " + event);
      assertTrue(passes(record(event, "PARTNER#111", "FACT#evt-2")), "a partner-side fact, " + event);
    }
    assertFalse(passes(record("REMOVE", "CLIENT#222", "ACTIVITY#USER#7#0001700000000000#a1")),
        "an activity past its TTL changes nothing the rules read");
    assertFalse(passes(record("REMOVE", "PARTNER#111", "FACT#evt-2")));
  }

  @Test
  void theReadModelsOwnWritesAndEveryOtherItemNeverReachIt() {
    for (String[] key : new String[][] {
        {"READMODEL#PARTNER#111", "CLIENT#222"}, // its own items: a loop otherwise
        {"READMODEL#PROGRESS", "SHARD#stream"},
        {"READMODEL#STANDINGS", "PARTNER#00000000000000000111"},
        {"SNAPSHOTS#PARTNER#111", "2026-01-01"},
        {"SNAPSHOTS#PUBLICATIONS", "LAST"},
        {"SNAPSHOTS#PROGRAM#2026-01-01", "BUCKET#0000#OF#0008#PART#000"},
        {"SNAPSHOTS#PROGRAM#TIERS", "2026-01-01"},
        {"PUBLISH#1767225600000#DIRECTORY", "HEAD"},
        {"EMAIL#ana@example.com", "PARTNERS"},
        {"PENDING#3", "0001767225600000#abc"},
        {"DEADLETTER#hubspot#2026-01-01", "0f0f"},
        {"PARTNER#111", "SOMETHING#ELSE"}}) {
      for (String event : List.of("INSERT", "MODIFY")) {
        assertFalse(passes(record(event, key[0], key[1])), key[0] + " " + key[1] + " reached the function");
      }
    }
  }

  @Test
  void itSeesEveryWriteOfAFactOrActivityWhateverItsPartition() {
    Set<String> partitions = new TreeSet<>();
    for (Map<String, Object> pattern : filters()) {
      assertEquals(List.of("INSERT", "MODIFY"), pattern.get("eventName"), pattern.toString());
      Map<?, ?> keys = (Map<?, ?>) ((Map<?, ?>) pattern.get("dynamodb")).get("Keys");
      for (Object rule : (List<?>) ((Map<?, ?>) keys.get("pk")).get("S")) {
        partitions.add((String) ((Map<?, ?>) rule).get("prefix"));
      }
    }
    assertEquals(Set.of("CLIENT#", "PARTNER#"), partitions);
  }

  // ---- least privilege ----

  /** The function's own statements (SAM adds AWSLambdaDynamoDBExecutionRole for the stream itself). */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> statements() {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object policy : Template.list(properties(FUNCTION).get("Policies"), "Policies")) {
      Template.list(Template.map(policy, "policy").get("Statement"), "Statement")
          .forEach(s -> statements.add((Map<String, Object>) s));
    }
    return statements;
  }

  /** Action → (resource, leading keys or null), one statement per action and resource. */
  private record Grant(String action, Object resource, List<?> leadingKeys) {}

  private List<Grant> grants() {
    List<Grant> grants = new ArrayList<>();
    for (Map<String, Object> statement : statements()) {
      assertEquals("Allow", statement.get("Effect"));
      Object condition = statement.get("Condition");
      List<?> keys = condition == null ? null : (List<?>) Template.map(
          Template.map(condition, "Condition").get("ForAllValues:StringLike"), "StringLike").get("dynamodb:LeadingKeys");
      for (Object action : Template.list(statement.get("Action"), "Action")) {
        grants.add(new Grant((String) action, statement.get("Resource"), keys));
      }
    }
    return grants;
  }

  private static final Object TABLE = Map.of("Fn::GetAtt", List.of("CreditTable", "Arn"));

  @Test
  void theRoleReadsTheFactsAndWritesOnlyTheReadModel() {
    assertEquals(List.of(
        new Grant("dynamodb:Query", TABLE, List.of("CLIENT#*", "PARTNER#*", "READMODEL#*")),
        new Grant("dynamodb:Query", Map.of("Fn::Sub", "${CreditTable.Arn}/index/gsi1"), null),
        new Grant("dynamodb:BatchGetItem", TABLE, List.of("EMAIL#*", "READMODEL#PARTNER#*")),
        new Grant("dynamodb:PutItem", TABLE, List.of("READMODEL#*")),
        new Grant("sqs:SendMessage", Map.of("Fn::GetAtt", List.of("ReadModelFailureQueue", "Arn")), null)),
        grants());
  }

  @Test
  void noWriteOutsideTheReadModelsPartitions() {
    for (Grant grant : grants()) {
      String action = grant.action();
      if (action.startsWith("dynamodb:") && !action.equals("dynamodb:Query") && !action.equals("dynamodb:BatchGetItem")) {
        assertTrue(grant.leadingKeys() != null && !grant.leadingKeys().isEmpty(), action + " is not confined");
        for (Object key : grant.leadingKeys()) {
          assertTrue(((String) key).startsWith("READMODEL#"), action + " may write " + key);
        }
      }
      assertFalse(action.contains("*"), "a wildcard action: " + action);
    }
  }
}
