package com.partnercredit.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Fact;
import com.partnercredit.hubspot.ChangeEvent;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.TableContents;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.webhook.SignedWebhook;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bad-input corpus of {@code POST /webhooks/assignments} (docs/api.md section 6): valid
 * events (unicode and mixed-case emails among them) mixed with generated hostile ones, through the
 * signed handler into the emulator. Never a 5xx; one rejection per hostile event in each answer; a
 * replayed eventId with other content a duplicate, the first content kept. At the end the table
 * holds exactly the valid events' facts, each as first sent in its request, and one
 * stored dead letter per distinct hostile event, keeping it as it was sent. The seed is fixed.
 */
class AssignmentBadInputIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final long SEED = Long.getLong("corpus.seed", 20261128L);
  private static final int REQUESTS = Integer.getInteger("corpus.requests", 40);
  private static final long AT = ChangeRequests.day(1).toEpochMilli();
  private static final String SYSTEM = "{\"role\":\"SYSTEM\"}";

  /** A CLIENT_USER_ADDED / SUBSCRIPTION_CHANGED event's JSON text with {@code field} set to raw JSON (null: removed). */
  private static String event(String eventId, long client, boolean subscription, String field, String value) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("eventId", "\"" + eventId + "\"");
    fields.put("type", subscription ? "\"SUBSCRIPTION_CHANGED\"" : "\"CLIENT_USER_ADDED\"");
    fields.put("occurredAt", Long.toString(AT));
    fields.put("actor", SYSTEM);
    fields.put("clientId", Long.toString(client));
    if (subscription) {
      fields.put("mrr", "\"1000.00\"");
      fields.put("currency", "\"USD\"");
    } else {
      fields.put("userId", "5");
      fields.put("email", "\"Ünï.Cödé+" + eventId.hashCode() + "@Acme.COM\"");
    }
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

  private static String q(String text) {
    return "\"" + text + "\"";
  }

  /** (random, [eventId, client]) to a hostile event that must be rejected. */
  private static final List<BiFunction<Random, Object[], String>> HOSTILE = List.of(
      (r, a) -> event((String) a[0], (Long) a[1], false, "eventId", null),
      (r, a) -> event((String) a[0], (Long) a[1], false, "eventId", "null"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "eventId", "12345"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "eventId", q("e".repeat(257 + r.nextInt(5000)))),
      (r, a) -> event((String) a[0], (Long) a[1], false, "eventId", q(" ")),
      (r, a) -> event((String) a[0], (Long) a[1], false, "type", q("EMPLOYEE_PROMOTED")),
      (r, a) -> event((String) a[0], (Long) a[1], false, "type", q("T".repeat(300 + r.nextInt(100_000)))),
      (r, a) -> event((String) a[0], (Long) a[1], false, "type", "7"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "occurredAt", "-1"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "occurredAt", Long.toString(Long.MAX_VALUE)),
      (r, a) -> event((String) a[0], (Long) a[1], false, "occurredAt", "1e30"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "occurredAt", "99999999999999"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "occurredAt", q("now")),
      (r, a) -> event((String) a[0], (Long) a[1], false, "actor", null),
      (r, a) -> event((String) a[0], (Long) a[1], false, "actor", q("SYSTEM")),
      (r, a) -> event((String) a[0], (Long) a[1], false, "actor", "{\"role\":\"OWNER\"}"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "actor", "{\"role\":\"PARTNER_ADMIN\"}"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "clientId", "-5"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "clientId", "0"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "clientId", "1.5"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "clientId", "1e400"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "clientId", "9".repeat(1000 + r.nextInt(2000))),
      (r, a) -> event((String) a[0], (Long) a[1], false, "userId", "null"),
      (r, a) -> event((String) a[0], (Long) a[1], false, "email", q("a".repeat(250 + r.nextInt(2000)) + "@acme.com")),
      (r, a) -> event((String) a[0], (Long) a[1], false, "email", q("ÜNÏCÖDÉ.acme.com")),
      (r, a) -> event((String) a[0], (Long) a[1], false, "email", "42"),
      (r, a) -> event((String) a[0], (Long) a[1], true, "mrr", q("9".repeat(19 + r.nextInt(200_000)))),
      (r, a) -> event((String) a[0], (Long) a[1], true, "mrr", q("-5.00")),
      (r, a) -> event((String) a[0], (Long) a[1], true, "mrr", q("1e5")),
      (r, a) -> event((String) a[0], (Long) a[1], true, "mrr", "1000"),
      (r, a) -> event((String) a[0], (Long) a[1], true, "mrr", q("10.001")),
      (r, a) -> event((String) a[0], (Long) a[1], true, "currency", q("usd")),
      (r, a) -> {
        int depth = 600 + r.nextInt(20_000);
        return event((String) a[0], (Long) a[1], false, "deep", "[".repeat(depth) + "]".repeat(depth));
      },
      (r, a) -> event((String) a[0], (Long) a[1], false, "userId", "5,\"userId\":6"),
      (r, a) -> "{}");

  @Test
  @SuppressWarnings("unchecked")
  void hostileEventsNeverFailTheRequestNorLoseTheValidOnesBesideThem() throws Exception {
    AssignmentHandler handler = ChangeRequests.handler(DYNAMO.client(), DYNAMO.tableName());
    FactStore facts = new FactStore(DYNAMO.client(), DYNAMO.tableName(), ChangeRequests.CLOCK);
    Random random = new Random(SEED);
    int thrown = 0;
    int fiveHundreds = 0;
    int lost = 0;
    int rejections = 0;
    Map<String, Fact> validFacts = new java.util.TreeMap<>();
    Set<String> hostileSent = new HashSet<>();
    Set<Long> clients = new HashSet<>();
    for (int request = 0; request < REQUESTS; request++) {
      long client = ChangeRequests.nextId();
      List<String> events = new ArrayList<>();
      Set<String> valid = new HashSet<>();
      Map<String, Fact> sentFacts = new java.util.HashMap<>();
      for (int i = 0; i < 2 + random.nextInt(4); i++) {
        String id = "ok-" + client + "-" + i;
        valid.add(id);
        String event = event(id, client, i % 2 == 1, null, null);
        events.add(event);
        sentFacts.put(id, ChangeEvent.parse(JSON.std.mapFrom(event), ChangeRequests.NOW).fact());
      }
      int bad = 5 + random.nextInt(10);
      List<String> hostileEvents = new ArrayList<>();
      for (int i = 0; i < bad; i++) {
        String event = HOSTILE.get(random.nextInt(HOSTILE.size())).apply(random, new Object[] {"bad-" + client + "-" + i, client});
        events.add(event);
        hostileEvents.add(event);
      }
      String replayed = valid.iterator().next();
      String replay = event(replayed, client, false, "userId", "77"); // the same eventId with other content
      events.add(replay);
      Collections.shuffle(events, random);
      String original = events.stream().filter(e -> e.startsWith("{\"eventId\":\"" + replayed + "\"")).findFirst().orElseThrow();
      if (original.equals(replay)) { // the replay comes first in the request: its content is the one stored
        sentFacts.put(replayed, ChangeEvent.parse(JSON.std.mapFrom(replay), ChangeRequests.NOW).fact());
      }
      String body = "[" + String.join(",", events) + "]";
      if (body.length() > SignedWebhook.MAX_BODY_BYTES / 2) {
        request--;
        continue;
      }
      thrown += bad;
      validFacts.putAll(sentFacts);
      hostileSent.addAll(hostileEvents);
      clients.add(client);
      APIGatewayV2HTTPResponse response = handler.handleRequest(ChangeRequests.signed(body), null);
      if (response.getStatusCode() >= 500) {
        fiveHundreds++;
        continue;
      }
      assertEquals(200, response.getStatusCode(), response.getBody());
      Map<String, Object> answer = JSON.std.mapFrom(response.getBody());
      List<Map<String, Object>> rejected = (List<Map<String, Object>>) answer.get("rejected");
      assertEquals(bad, rejected.size(), response.getBody());
      rejections += rejected.size();
      assertEquals(1, ((Number) answer.get("duplicates")).intValue(), response.getBody());
      rejected.forEach(r -> assertTrue(r.get("reason").toString().length() <= 400, r.toString()));
      Set<String> stored = facts.clientFacts(client).stream().map(Fact::eventId).collect(Collectors.toSet());
      for (String id : valid) {
        if (!stored.contains(id)) {
          lost++;
        }
      }
    }
    System.out.println("[corpus] POST /webhooks/assignments seed=" + SEED + " requests=" + REQUESTS
        + " hostile events thrown=" + thrown + " rejections=" + rejections + " 5xx=" + fiveHundreds + " lost=" + lost);
    assertEquals(0, fiveHundreds, "5xx answers");
    assertEquals(0, lost, "valid events lost");

    Map<String, Fact> storedFacts = new java.util.TreeMap<>();
    for (long client : clients) {
      for (Fact fact : facts.clientFacts(client)) {
        assertEquals(null, storedFacts.put(fact.eventId(), fact), "stored twice: " + fact);
      }
    }
    assertEquals(validFacts.keySet(), storedFacts.keySet(), "exactly the valid events' facts: no hostile event's");
    for (Map.Entry<String, Fact> sent : validFacts.entrySet()) {
      assertEquals(sent.getValue(), storedFacts.get(sent.getKey()), "as first sent in its request, not the other content sent again under its eventId");
    }
    TableContents table = TableContents.scan(DYNAMO.client(), DYNAMO.tableName());
    assertEquals(Set.of("DEAD_LETTER", "FACT"), table.kinds(), "nothing but facts and dead letters");
    assertEquals(validFacts.size(), table.ofKind("FACT").size(), "no fact in the table but the valid events'");
    table.assertDeadLettersExactly(AssignmentChanges.ROUTE, ChangeRequests.NOW, hostileSent);
  }
}
