package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Run by two test classes: each writes an item marked with its own class name, then must see only
 * its own item. Whichever class runs second would see the first one's item if they shared a table.
 */
@ExtendWith(DynamoDbExtension.class)
abstract class TableIsolationContract {

  private static final Map<String, String> TABLE_BY_CLASS = new ConcurrentHashMap<>();

  @Test
  void eachClassSeesOnlyItsOwnItems(TestTable table) {
    String me = getClass().getSimpleName();
    Map<String, AttributeValue> item = new HashMap<>();
    for (KeySchemaElement key : table.client().describeTable(b -> b.tableName(table.name())).table().keySchema()) {
      item.put(key.attributeName(), AttributeValue.fromS(me)); // the template's keys are strings
    }
    table.client().putItem(b -> b.tableName(table.name()).item(item));

    List<Map<String, AttributeValue>> all = table.client().scan(b -> b.tableName(table.name())).items();

    assertEquals(List.of(item), all);

  }

  @Test
  void eachClassHasItsOwnTableName(TestTable table) {
    String me = getClass().getSimpleName();
    TABLE_BY_CLASS.put(me, table.name());

    TABLE_BY_CLASS.forEach((other, otherTable) -> {
      if (!other.equals(me)) {
        assertNotEquals(otherTable, table.name(), me + " and " + other);
      }
    });
    assertTrue(table.name().startsWith(me + "-"), table.name());
  }
}
