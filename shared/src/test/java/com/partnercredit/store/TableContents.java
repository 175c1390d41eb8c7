package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every item of a table after a test, by kind ({@link Attr#KIND}), read with one consistent scan:
 * for tests that assert what was stored exactly (this and nothing else), not as a superset.
 */
public final class TableContents {
  private final Map<String, List<Map<String, AttributeValue>>> byKind = new TreeMap<>();

  private TableContents() {}

  public static TableContents scan(DynamoDbClient dynamo, String table) {
    TableContents contents = new TableContents();
    dynamo.scanPaginator(s -> s.tableName(table).consistentRead(true)).items().forEach(item -> {
      AttributeValue kind = item.get(Attr.KIND);
      contents.byKind.computeIfAbsent(kind == null ? "(no kind)" : kind.s(), k -> new ArrayList<>()).add(item);
    });
    return contents;
  }

  /** The kinds of item in the table, sorted. */
  public java.util.Set<String> kinds() {
    return byKind.keySet();
  }

  /** The items of {@code kind}; empty when none. */
  public List<Map<String, AttributeValue>> ofKind(String kind) {
    return byKind.getOrDefault(kind, List.of());
  }

  /**
   * Asserts that the table's dead letters are exactly one per distinct raw event of {@code raws},
   * each as {@link DeadLetters#item} keeps it for {@code route} at {@code receivedAt} (its key the hash
   * of the raw event, the raw event or its first 16 KB, its length), with a reason; and no other.
   */
  public void assertDeadLettersExactly(String route, Instant receivedAt, Collection<String> raws) {
    Map<String, Map<String, AttributeValue>> expected = new TreeMap<>();
    for (String raw : raws) {
      Map<String, AttributeValue> item = new HashMap<>(DeadLetters.item(route, raw, "", receivedAt));
      item.remove(Attr.REASON);
      expected.put(item.get(Attr.SK).s(), item);
    }
    Map<String, Map<String, AttributeValue>> stored = new TreeMap<>();
    for (Map<String, AttributeValue> letter : ofKind("DEAD_LETTER")) {
      Map<String, AttributeValue> item = new HashMap<>(letter);
      AttributeValue reason = item.remove(Attr.REASON);
      assertFalse(reason == null || reason.s().isBlank(), "a dead letter without a reason: " + letter.get(Attr.SK));
      stored.put(item.get(Attr.SK).s(), item);
    }
    assertEquals(expected.keySet(), stored.keySet(), "one dead letter per distinct bad event, and no other");
    assertEquals(expected, stored, "each dead letter keeps its raw event, its length, the route and the day");
  }
}
