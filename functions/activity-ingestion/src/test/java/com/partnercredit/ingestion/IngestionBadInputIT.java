package com.partnercredit.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.store.Attr;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.store.TableContents;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Keys;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.hubspot.SignatureV3;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bad-input corpus of {@code POST /webhooks/hubspot} (docs/api.md section 6): requests that
 * mix valid activities with generated hostile events (wrong types, huge values, deep nesting,
 * unicode, missing fields, duplicate keys, nulls, negative and overflowing numbers), through the
 * signed handler into the emulator. Never a 5xx; one dead letter per hostile event in each answer;
 * and at the end the table holds exactly every valid activity, once, and one stored dead letter per
 * distinct hostile event, keeping it as it was sent: no hostile event stored as an activity, nothing
 * else. The seed is fixed (and printed) so a failure can be replayed.
 */
class IngestionBadInputIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final long SEED = Long.getLong("corpus.seed", 20261128L);
  private static final int REQUESTS = Integer.getInteger("corpus.requests", 40);
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1000 + 700_000_000L);

  private final IngestionHandler handler = new IngestionHandler(
      new SignedWebhook(new SignatureV3(IngestionLimitsIT.SECRET, CLOCK), measurement -> {}),
      new ActivityIngestion(ActivityCatalogue.standard(), StoredFacts.ACTIVITIES, new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), CLOCK),
      Optional.of(IngestionLimitsIT.BASE_URL));

  /** A valid event's JSON text with {@code field} replaced by {@code value} (raw JSON), or removed when null. */
  private static String with(long eventId, long client, String field, String value) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("eventId", Long.toString(eventId));
    fields.put("subscriptionId", "42");
    fields.put("portalId", Long.toString(client));
    fields.put("occurredAt", Long.toString(NOW.toEpochMilli() - 60_000));
    fields.put("subscriptionType", "\"contact.creation\"");
    fields.put("objectId", "5501");
    fields.put("changeSource", "\"CRM_UI\"");
    fields.put("sourceId", "\"userId:555\"");
    if (field != null) {
      if (value == null) {
        fields.remove(field);
      } else {
        fields.put(field, value);
      }
    }
    StringBuilder json = new StringBuilder("{");
    fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return json.append('}').toString();
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String unicode(Random random, int length) {
    String alphabet = "aZé漢字😀\u00a0Ωж\u200b-_.";
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      text.appendCodePoint(alphabet.codePoints().toArray()[random.nextInt(alphabet.codePointCount(0, alphabet.length()))]);
    }
    return text.toString();
  }

  /** Each one turns (random, eventId, client) into a hostile event that must be a dead letter. */
  private static final List<Function<Object[], String>> HOSTILE = List.of(
      a -> with(id(a), client(a), "eventId", null),
      a -> with(id(a), client(a), "eventId", "null"),
      a -> with(id(a), client(a), "eventId", quoted("abc")),
      a -> with(id(a), client(a), "eventId", "true"),
      a -> with(id(a), client(a), "eventId", "[1]"),
      a -> with(id(a), client(a), "eventId", "{\"id\":1}"),
      a -> with(id(a), client(a), "eventId", "1.5"),
      a -> with(id(a), client(a), "eventId", "9".repeat(30)),
      a -> with(id(a), client(a), "eventId", "9".repeat(1000 + rnd(a).nextInt(3000))),
      a -> with(id(a), client(a), "eventId", "1e400"),
      a -> with(id(a), client(a), "portalId", null),
      a -> with(id(a), client(a), "portalId", quoted(Long.toString(client(a)))),
      a -> with(id(a), client(a), "portalId", "-1e30"),
      a -> with(id(a), client(a), "occurredAt", null),
      a -> with(id(a), client(a), "occurredAt", "-1"),
      a -> with(id(a), client(a), "occurredAt", "0"),
      a -> with(id(a), client(a), "occurredAt", Long.toString(Long.MAX_VALUE)),
      a -> with(id(a), client(a), "occurredAt", Long.toString(Long.MIN_VALUE)),
      a -> with(id(a), client(a), "occurredAt", "99999999999999"),
      a -> with(id(a), client(a), "occurredAt", "1e30"),
      a -> with(id(a), client(a), "occurredAt", quoted("yesterday")),
      a -> with(id(a), client(a), "subscriptionType", null),
      a -> with(id(a), client(a), "subscriptionType", "5"),
      a -> with(id(a), client(a), "subscriptionType", quoted(" ")),
      a -> with(id(a), client(a), "subscriptionType", quoted("contact." + "x".repeat(257 + rnd(a).nextInt(100_000)))),
      a -> with(id(a), client(a), "changeSource", quoted(unicode(rnd(a), 257 + rnd(a).nextInt(5000)))),
      a -> with(id(a), client(a), "changeSource", "{\"a\":1}"),
      a -> with(id(a), client(a), "sourceId", quoted("userId:" + "9".repeat(25))),
      a -> with(id(a), client(a), "sourceId", quoted("userId:abc")),
      a -> with(id(a), client(a), "sourceId", "555"),
      a -> with(id(a), client(a), "sourceId", quoted("userId:" + "1".repeat(300))),
      a -> deeplyNested(rnd(a), id(a), client(a)),
      a -> with(id(a), client(a), "eventId", id(a) + ",\"eventId\":" + (id(a) + 1)),
      a -> "{}",
      a -> "{\"eventId\":null,\"portalId\":null,\"occurredAt\":null,\"subscriptionType\":null}");

  private static Random rnd(Object[] a) {
    return (Random) a[0];
  }

  private static long id(Object[] a) {
    return (Long) a[1];
  }

  private static long client(Object[] a) {
    return (Long) a[2];
  }

  private static String deeplyNested(Random random, long id, long client) {
    int depth = 600 + random.nextInt(20_000);
    return with(id, client, "deep", "[".repeat(depth) + "]".repeat(depth));
  }

  @Test
  void hostileEventsNeverFailTheRequestNorLoseTheValidOnesBesideThem() throws Exception {
    Random random = new Random(SEED);
    int thrown = 0;
    int fiveHundreds = 0;
    int lost = 0;
    int deadLetters = 0;
    List<Long> validSent = new ArrayList<>();
    Set<String> hostileSent = new HashSet<>();
    for (int r = 0; r < REQUESTS; r++) {
      long client = IDS.incrementAndGet();
      List<String> events = new ArrayList<>();
      Set<Long> valid = new HashSet<>();
      int hostile = 0;
      List<String> hostileEvents = new ArrayList<>();
      for (int i = 0; i < 3 + random.nextInt(5); i++) {
        long id = IDS.incrementAndGet();
        valid.add(id);
        events.add(with(id, client, null, null));
      }
      int bad = 5 + random.nextInt(10);
      for (int i = 0; i < bad; i++) {
        long id = IDS.incrementAndGet();
        String event = HOSTILE.get(random.nextInt(HOSTILE.size())).apply(new Object[] {random, id, client});
        events.add(event);
        hostileEvents.add(event);
        hostile++;
      }
      Collections.shuffle(events, random);
      String body = "[" + String.join(",", events) + "]";
      if (body.length() > SignedWebhook.MAX_BODY_BYTES / 2) {
        r--;
        continue; // keep well under the 1 MiB body limit (a 413 is the contract, not this test)
      }
      thrown += hostile;
      validSent.addAll(valid);
      hostileSent.addAll(hostileEvents);
      APIGatewayV2HTTPResponse response = handler.handleRequest(IngestionLimitsIT.signed(body), null);
      if (response.getStatusCode() >= 500) {
        fiveHundreds++;
        continue;
      }
      assertEquals(200, response.getStatusCode(), response.getBody());
      Map<String, Object> answer = JSON.std.mapFrom(response.getBody());
      assertEquals(hostile, ((Number) answer.get("deadLetters")).intValue(), response.getBody());
      deadLetters += hostile;
      for (Object reason : (List<?>) answer.get("deadLetterReasons")) {
        assertTrue(((Map<?, ?>) reason).get("reason").toString().length() <= 400, reason.toString());
      }
      Set<Long> stored = new HashSet<>();
      for (Map<String, AttributeValue> item : DYNAMO.client().query(q -> q.tableName(DYNAMO.tableName()).consistentRead(true)
          .keyConditionExpression("pk = :pk")
          .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.client(client))))).items()) {
        stored.add(Long.parseLong(item.get("eventId").n()));
      }
      for (long id : valid) {
        if (!stored.contains(id)) {
          lost++;
        }
      }
    }
    System.out.println("[corpus] POST /webhooks/hubspot seed=" + SEED + " requests=" + REQUESTS
        + " hostile events thrown=" + thrown + " dead letters=" + deadLetters + " 5xx=" + fiveHundreds + " lost=" + lost);
    assertEquals(0, fiveHundreds, "5xx answers");
    assertEquals(0, lost, "valid events lost");

    TableContents table = TableContents.scan(DYNAMO.client(), DYNAMO.tableName());
    assertEquals(Set.of("ACTIVITY", "DEAD_LETTER"), table.kinds(), "nothing but activities and dead letters");
    List<Long> storedActivities = new ArrayList<>();
    table.ofKind("ACTIVITY").forEach(item -> storedActivities.add(Long.parseLong(item.get(Attr.EVENT_ID).n())));
    Collections.sort(storedActivities);
    Collections.sort(validSent);
    assertEquals(validSent, storedActivities, "every valid activity stored once, and no hostile event");
    table.assertDeadLettersExactly(ActivityIngestion.ROUTE, NOW, hostileSent);
  }
}
