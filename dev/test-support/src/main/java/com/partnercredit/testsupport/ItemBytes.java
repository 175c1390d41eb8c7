package com.partnercredit.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item's size as DynamoDB counts it: names and values (a number about one byte per two digits, plus one). */
public final class ItemBytes {
  private ItemBytes() {}

  /** The size of every item of partition {@code pk} (the table's hash key is {@code pk}). */
  public static long ofPartition(DynamoDbClient dynamo, String table, String pk) {
    long[] bytes = {0};
    dynamo.queryPaginator(q -> q.tableName(table).keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", "pk"))
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
        .items().forEach(item -> bytes[0] += of(item));
    return bytes[0];
  }

  public static long of(Map<String, AttributeValue> item) {
    long bytes = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      bytes += utf8(e.getKey()) + value(e.getValue());
    }
    return bytes;
  }

  private static long value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return (v.n().replace("-", "").replace(".", "").length() + 1) / 2 + 1;
    }
    if (v.b() != null) {
      return v.b().asByteArray().length;
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    long bytes = 3;
    if (v.hasM()) {
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        bytes += utf8(e.getKey()) + value(e.getValue()) + 1;
      }
    } else if (v.hasL()) {
      for (AttributeValue e : v.l()) {
        bytes += value(e) + 1;
      }
    } else if (v.hasSs()) {
      for (String s : v.ss()) {
        bytes += utf8(s);
      }
    } else if (v.hasNs()) {
      for (String n : v.ns()) {
        bytes += (n.replace("-", "").replace(".", "").length() + 1) / 2 + 1;
      }
    }
    return bytes;
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
