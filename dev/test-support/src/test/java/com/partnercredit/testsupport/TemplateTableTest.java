package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

class TemplateTableTest {

  static final String WITH_INDEXES = """
      Resources:
        Api:
          Type: AWS::Serverless::HttpApi
        Table:
          Type: AWS::DynamoDB::Table
          Properties:
            TableName: !Sub '${AWS::StackName}-credit'
            BillingMode: PAY_PER_REQUEST
            AttributeDefinitions:
              - {AttributeName: pk, AttributeType: S}
              - {AttributeName: sk, AttributeType: S}
              - {AttributeName: gsi1pk, AttributeType: S}
              - {AttributeName: gsi1sk, AttributeType: N}
              - {AttributeName: lsk, AttributeType: S}
            KeySchema:
              - {AttributeName: pk, KeyType: HASH}
              - {AttributeName: sk, KeyType: RANGE}
            GlobalSecondaryIndexes:
              - IndexName: byUser
                KeySchema:
                  - {AttributeName: gsi1pk, KeyType: HASH}
                  - {AttributeName: gsi1sk, KeyType: RANGE}
                Projection:
                  ProjectionType: INCLUDE
                  NonKeyAttributes: [occurredAt, clientId]
              - IndexName: bySk
                KeySchema:
                  - {AttributeName: sk, KeyType: HASH}
                Projection: {ProjectionType: KEYS_ONLY}
            LocalSecondaryIndexes:
              - IndexName: byLsk
                KeySchema:
                  - {AttributeName: pk, KeyType: HASH}
                  - {AttributeName: lsk, KeyType: RANGE}
                Projection: {ProjectionType: ALL}
            TimeToLiveSpecification:
              AttributeName: ttl
              Enabled: true
      """;

  @Test
  void buildsEveryIndexWithItsProjectionAndOnDemandBilling() {
    CreateTableRequest request = TemplateTable.from(Template.parse(WITH_INDEXES)).createTableRequest("t1");

    assertEquals("t1", request.tableName());
    assertEquals(BillingMode.PAY_PER_REQUEST, request.billingMode());
    assertEquals(5, request.attributeDefinitions().size());
    assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), request.keySchema());
    assertEquals(List.of("byUser", "bySk"), request.globalSecondaryIndexes().stream().map(i -> i.indexName()).toList());
    var byUser = request.globalSecondaryIndexes().get(0);
    assertEquals(List.of(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE)), byUser.keySchema());
    assertEquals(ProjectionType.INCLUDE, byUser.projection().projectionType());
    assertEquals(List.of("occurredAt", "clientId"), byUser.projection().nonKeyAttributes());
    assertEquals(ProjectionType.KEYS_ONLY, request.globalSecondaryIndexes().get(1).projection().projectionType());
    assertEquals("byLsk", request.localSecondaryIndexes().get(0).indexName());
    assertNull(byUser.provisionedThroughput(), "on-demand: no throughput");
  }

  @Test
  void ttlAttributeOnlyWhenEnabled() {
    assertEquals(Optional.of("ttl"), TemplateTable.from(Template.parse(WITH_INDEXES)).timeToLiveAttribute());
    String disabled = WITH_INDEXES.replace("Enabled: true", "Enabled: false");
    assertEquals(Optional.empty(), TemplateTable.from(Template.parse(disabled)).timeToLiveAttribute());
  }

  @Test
  void twoTablesInTheTemplateIsAnError() {
    String two = WITH_INDEXES + """
          Other:
            Type: AWS::DynamoDB::Table
            Properties: {}
        """;

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TemplateTable.from(Template.parse(two)));
    assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
  }

  @Test
  void anIntrinsicWhereAPlainValueIsNeededIsAClearError() {
    String withRef = WITH_INDEXES.replace("{AttributeName: lsk, AttributeType: S}", "{AttributeName: !Ref Name, AttributeType: S}");

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TemplateTable.from(Template.parse(withRef)).createTableRequest("t3"));
    assertTrue(e.getMessage().contains("AttributeName"), e.getMessage());
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
