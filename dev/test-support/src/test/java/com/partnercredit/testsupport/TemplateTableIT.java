package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

@ExtendWith(DynamoDbExtension.class)
class TemplateTableIT {

  /** The table's properties exactly as template.yaml writes them (not through TemplateTable). */
  private static Map<String, Object> templateProperties() {
    Map<String, Object> table = Template.locate().resourcesOfType("AWS::DynamoDB::Table").values().iterator().next();
    return Template.map(table.get("Properties"), "Properties");
  }

  @Test
  void tableHasTheTemplatesKeySchemaAndAttributes(TestTable table) {
    Map<String, Object> props = templateProperties();

    TableDescription described = table.client().describeTable(b -> b.tableName(table.name())).table();

    assertEquals(keys(props.get("KeySchema")),
        described.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList());
    assertEquals(
        Template.list(props.get("AttributeDefinitions"), "a").stream()
            .map(a -> Template.map(a, "a")).map(a -> a.get("AttributeName") + ":" + a.get("AttributeType"))
            .collect(Collectors.toSet()),
        described.attributeDefinitions().stream()
            .map(a -> a.attributeName() + ":" + a.attributeTypeAsString()).collect(Collectors.toSet()));
  }

  @Test
  void tableHasTheTemplatesGlobalSecondaryIndexes(TestTable table) {
    Object gsis = templateProperties().get("GlobalSecondaryIndexes");
    Map<String, List<String>> expected = gsis == null ? Map.of()
        : Template.list(gsis, "g").stream().map(g -> Template.map(g, "g"))
            .collect(Collectors.toMap(g -> (String) g.get("IndexName"), g -> keys(g.get("KeySchema"))));

    TableDescription described = table.client().describeTable(b -> b.tableName(table.name())).table();

    Map<String, List<String>> actual = !described.hasGlobalSecondaryIndexes() ? Map.of()
        : described.globalSecondaryIndexes().stream().collect(Collectors.toMap(
            GlobalSecondaryIndexDescription::indexName,
            g -> g.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList()));
    assertEquals(expected, actual);
  }

  @Test
  void timeToLiveIsOnTheTemplatesAttribute(TestTable table) {
    Map<String, Object> ttl = Template.map(templateProperties().get("TimeToLiveSpecification"), "ttl");

    TimeToLiveDescription described =
        table.client().describeTimeToLive(b -> b.tableName(table.name())).timeToLiveDescription();

    assertEquals(ttl.get("AttributeName"), described.attributeName());
    assertEquals(TimeToLiveStatus.ENABLED, described.timeToLiveStatus());
  }

  @Test
  void createIfMissingIsIdempotent(DynamoDbClient client) {
    String name = "createIfMissing-" + UUID.randomUUID().toString().substring(0, 8);
    TemplateTable template = TemplateTable.fromTemplate();
    try {
      boolean first = template.createIfMissing(client, name);
      boolean second = template.createIfMissing(client, name);

      assertTrue(first, "created the first time");
      assertFalse(second, "left alone the second time");
      assertTrue(client.listTables().tableNames().contains(name));
    } finally {
      client.deleteTable(b -> b.tableName(name));
    }
  }

  @Test
  void indexesAddedToATemplateAreCreatedGenerically(DynamoDbClient client, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("template.yaml"), TemplateTableTest.WITH_INDEXES);
    String name = "indexes-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      TemplateTable.fromTemplate(file).create(client, name);

      TableDescription described = client.describeTable(b -> b.tableName(name)).table();
      assertEquals(Set.of("byUser", "bySk"), described.globalSecondaryIndexes().stream()
          .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet()));
      GlobalSecondaryIndexDescription byUser = described.globalSecondaryIndexes().stream()
          .filter(g -> g.indexName().equals("byUser")).findFirst().orElseThrow();
      assertEquals(ProjectionType.INCLUDE, byUser.projection().projectionType());
      assertEquals(Set.of("occurredAt", "clientId"), Set.copyOf(byUser.projection().nonKeyAttributes()));
      assertEquals("byLsk", described.localSecondaryIndexes().get(0).indexName());
      assertEquals("ttl", client.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription().attributeName());
    } finally {
      client.deleteTable(b -> b.tableName(name));
    }
  }

  private static List<String> keys(Object keySchema) {
    return Template.list(keySchema, "KeySchema").stream().map(k -> Template.map(k, "k"))
        .map(k -> k.get("AttributeName") + ":" + k.get("KeyType")).toList();
  }
}
