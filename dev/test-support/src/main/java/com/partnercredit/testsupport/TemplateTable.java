package com.partnercredit.testsupport;

import static com.partnercredit.testsupport.Template.list;
import static com.partnercredit.testsupport.Template.map;
import static com.partnercredit.testsupport.Template.string;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The single {@code AWS::DynamoDB::Table} of {@code template.yaml}, created under any name: keys,
 * attribute definitions, global and local secondary indexes, stream, on-demand billing, then TTL.
 * There is no second copy of the table in Java.
 */
public final class TemplateTable {

  private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(2);

  private final String logicalId;
  private final Map<String, Object> properties;

  private TemplateTable(String logicalId, Map<String, Object> properties) {
    this.logicalId = logicalId;
    this.properties = properties;
  }

  /** The table of the repository's {@code template.yaml} (see {@link Template#locate()}). */
  public static TemplateTable fromTemplate() {
    return from(Template.locate());
  }

  public static TemplateTable fromTemplate(java.nio.file.Path templateFile) {
    return from(Template.read(templateFile));
  }

  public static TemplateTable from(Template template) {
    Map<String, Map<String, Object>> tables = template.resourcesOfType("AWS::DynamoDB::Table");
    if (tables.size() != 1) {
      throw new IllegalStateException(
          "expected exactly one AWS::DynamoDB::Table in the template, found " + tables.keySet());
    }
    Map.Entry<String, Map<String, Object>> only = tables.entrySet().iterator().next();
    return new TemplateTable(only.getKey(), map(only.getValue().get("Properties"), only.getKey() + ".Properties"));
  }

  public String logicalId() {
    return logicalId;
  }

  /** The table's {@code Properties} as written in the template. */
  public Map<String, Object> properties() {
    return properties;
  }

  /** The TTL attribute when {@code TimeToLiveSpecification} is enabled. */
  public Optional<String> timeToLiveAttribute() {
    Object spec = properties.get("TimeToLiveSpecification");
    if (spec == null) {
      return Optional.empty();
    }
    Map<String, Object> ttl = map(spec, "TimeToLiveSpecification");
    boolean enabled = Boolean.parseBoolean(string(ttl.getOrDefault("Enabled", "false"), "TimeToLiveSpecification.Enabled"));
    return enabled
        ? Optional.of(string(ttl.get("AttributeName"), "TimeToLiveSpecification.AttributeName"))
        : Optional.empty();
  }

  /** The CreateTable request for this definition (on-demand billing) under the given name. */
  public CreateTableRequest createTableRequest(String tableName) {
    CreateTableRequest.Builder request = CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attributeDefinitions())
        .keySchema(keySchema(properties.get("KeySchema"), "KeySchema"));
    List<GlobalSecondaryIndex> gsis = new ArrayList<>();
    for (Object o : optionalList("GlobalSecondaryIndexes")) {
      Map<String, Object> index = map(o, "GlobalSecondaryIndexes[]");
      String name = string(index.get("IndexName"), "GlobalSecondaryIndexes[].IndexName");
      gsis.add(GlobalSecondaryIndex.builder()
          .indexName(name)
          .keySchema(keySchema(index.get("KeySchema"), name + ".KeySchema"))
          .projection(projection(index.get("Projection"), name))
          .build());
    }
    if (!gsis.isEmpty()) {
      request.globalSecondaryIndexes(gsis);
    }
    List<LocalSecondaryIndex> lsis = new ArrayList<>();
    for (Object o : optionalList("LocalSecondaryIndexes")) {
      Map<String, Object> index = map(o, "LocalSecondaryIndexes[]");
      String name = string(index.get("IndexName"), "LocalSecondaryIndexes[].IndexName");
      lsis.add(LocalSecondaryIndex.builder()
          .indexName(name)
          .keySchema(keySchema(index.get("KeySchema"), name + ".KeySchema"))
          .projection(projection(index.get("Projection"), name))
          .build());
    }
    if (!lsis.isEmpty()) {
      request.localSecondaryIndexes(lsis);
    }
    Object stream = properties.get("StreamSpecification");
    if (stream != null) {
      request.streamSpecification(StreamSpecification.builder()
          .streamEnabled(true)
          .streamViewType(string(map(stream, "StreamSpecification").get("StreamViewType"), "StreamViewType"))
          .build());
    }
    return request.build();
  }

  /** Creates the table, waits until it and its indexes are ACTIVE, then turns TTL on if the template does. */
  public void create(DynamoDbClient client, String tableName) {
    client.createTable(createTableRequest(tableName));
    awaitActive(client, tableName);
    enableTimeToLive(client, tableName);
  }

  /** Creates the table unless a table of that name exists; returns whether it created it. Idempotent. */
  public boolean createIfMissing(DynamoDbClient client, String tableName) {
    try {
      client.describeTable(b -> b.tableName(tableName));
      awaitActive(client, tableName);
      return false;
    } catch (ResourceNotFoundException missing) {
      try {
        create(client, tableName);
        return true;
      } catch (ResourceInUseException createdMeanwhile) {
        awaitActive(client, tableName);
        return false;
      }
    }
  }

  private void enableTimeToLive(DynamoDbClient client, String tableName) {
    timeToLiveAttribute().ifPresent(attribute -> client.updateTimeToLive(b -> b
        .tableName(tableName)
        .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true))));
  }

  private static void awaitActive(DynamoDbClient client, String tableName) {
    long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
    while (true) {
      TableDescription table = client.describeTable(b -> b.tableName(tableName)).table();
      boolean indexesActive = !table.hasGlobalSecondaryIndexes()
          || table.globalSecondaryIndexes().stream()
              .map(GlobalSecondaryIndexDescription::indexStatus)
              .allMatch(s -> s == null || s == IndexStatus.ACTIVE);
      if (table.tableStatus() == TableStatus.ACTIVE && indexesActive) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("table " + tableName + " not ACTIVE after " + ACTIVE_TIMEOUT
            + " (status " + table.tableStatusAsString() + ")");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for table " + tableName, e);
      }
    }
  }

  private List<AttributeDefinition> attributeDefinitions() {
    List<AttributeDefinition> out = new ArrayList<>();
    for (Object o : list(properties.get("AttributeDefinitions"), "AttributeDefinitions")) {
      Map<String, Object> a = map(o, "AttributeDefinitions[]");
      out.add(AttributeDefinition.builder()
          .attributeName(string(a.get("AttributeName"), "AttributeDefinitions[].AttributeName"))
          .attributeType(string(a.get("AttributeType"), "AttributeDefinitions[].AttributeType"))
          .build());
    }
    return out;
  }

  private static List<KeySchemaElement> keySchema(Object value, String where) {
    List<KeySchemaElement> out = new ArrayList<>();
    for (Object o : list(value, where)) {
      Map<String, Object> k = map(o, where + "[]");
      out.add(KeySchemaElement.builder()
          .attributeName(string(k.get("AttributeName"), where + "[].AttributeName"))
          .keyType(string(k.get("KeyType"), where + "[].KeyType"))
          .build());
    }
    return out;
  }

  private static Projection projection(Object value, String indexName) {
    if (value == null) {
      throw new IllegalStateException("index " + indexName + " has no Projection in the template");
    }
    Map<String, Object> p = map(value, indexName + ".Projection");
    Projection.Builder projection = Projection.builder()
        .projectionType(string(p.getOrDefault("ProjectionType", "ALL"), indexName + ".ProjectionType"));
    Object nonKey = p.get("NonKeyAttributes");
    if (nonKey != null) {
      projection.nonKeyAttributes(
          list(nonKey, indexName + ".NonKeyAttributes").stream().map(v -> string(v, "NonKeyAttributes[]")).toList());
    }
    return projection.build();
  }

  private List<Object> optionalList(String name) {
    Object value = properties.get(name);
    return value == null ? List.of() : list(value, name);
  }
}
