package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.testsupport.DynamoDbExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@code ValidationException} is DynamoDB refusing one item for good: never "storage unavailable"
 * (a 503 HubSpot would retry for a day, in vain), and never the loss of the valid items beside it.
 */
class RefusedItemsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000);

  private static Map<String, AttributeValue> item(String pk, String sk, String payload) {
    return Map.of(Attr.PK, AttributeValue.fromS(pk), Attr.SK, AttributeValue.fromS(sk),
        "payload", AttributeValue.fromS(payload));
  }

  private static boolean stored(String pk, String sk) {
    return DYNAMO.client().getItem(r -> r.tableName(DYNAMO.tableName()).consistentRead(true)
        .key(Map.of(Attr.PK, AttributeValue.fromS(pk), Attr.SK, AttributeValue.fromS(sk)))).hasItem();
  }

  @Test
  void aBatchWithAnOversizedItemStoresTheOthersAndReturnsTheRefusedOne() throws Exception {
    String pk = "TEST#" + IDS.incrementAndGet();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(item(pk, "ok#" + i, "fine"));
    }
    Map<String, AttributeValue> huge = item(pk, "huge", "x".repeat(500 * 1024));
    Map<String, AttributeValue> longKey = item(pk, "k".repeat(1100), "fine");
    items.add(3, huge);
    items.add(28, longKey);

    List<BatchWriter.Refused> refused = new BatchWriter(DYNAMO.client(), DYNAMO.tableName()).putAllExceptRefused(items);

    assertEquals(2, refused.size(), refused.toString());
    assertEquals(List.of("huge", "k".repeat(1100)), refused.stream().map(r -> r.item().get(Attr.SK).s()).toList());
    refused.forEach(r -> assertTrue(r.reason().startsWith("DynamoDB refused the item"), r.reason()));
    for (int i = 0; i < 30; i++) {
      assertTrue(stored(pk, "ok#" + i), "ok#" + i);
    }
  }

  @Test
  void aFactWhoseKeyDynamoDbRefusesIsRefusedNotUnavailable() {
    FactStore store = new FactStore(DYNAMO.client(), DYNAMO.tableName(), Clock.fixed(NOW, ZoneOffset.UTC));
    ClientUserAdded tooLong = new ClientUserAdded("e".repeat(1100), NOW, IDS.incrementAndGet(), 5, "a@acme.com");

    ItemRefused refused = assertThrows(ItemRefused.class, () -> store.record(tooLong, null));

    assertTrue(refused.getMessage().startsWith("DynamoDB refused the item"), refused.getMessage());
  }

  @Test
  void aDeadLetterKeepsSixteenKilobytesOfTheRawEventAndSaysHowLongItWas() throws Exception {
    String raw = "{\"pad\":\"" + "é".repeat(250_000) + "\"}";
    Map<String, AttributeValue> item = DeadLetters.item("test", raw, "r".repeat(5000), NOW);

    new BatchWriter(DYNAMO.client(), DYNAMO.tableName()).putAll(List.of(item));

    assertTrue(item.get(Attr.RAW).s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 16 * 1024);
    assertTrue(raw.startsWith(item.get(Attr.RAW).s()));
    assertEquals(Integer.toString(raw.length()), item.get(DeadLetters.RAW_LENGTH).n());
    assertEquals(true, item.get(DeadLetters.RAW_TRUNCATED).bool());
    assertTrue(item.get(Attr.REASON).s().length() <= DeadLetters.MAX_REASON_CHARACTERS + 3);
    assertTrue(stored(item.get(Attr.PK).s(), item.get(Attr.SK).s()));
  }
}
