package com.partnercredit.assignments;

import static com.partnercredit.assignments.ChangeRequests.answer;
import static com.partnercredit.assignments.ChangeRequests.day;
import static com.partnercredit.assignments.ChangeRequests.event;
import static com.partnercredit.assignments.ChangeRequests.nextId;
import static com.partnercredit.assignments.ChangeRequests.send;
import static com.partnercredit.assignments.ChangeRequests.system;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.domain.Fact;
import com.partnercredit.store.Attr;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.TemplateTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Storing change events: one conditional put per event, replays counted as duplicates and
 * changing nothing, the same stored facts whatever the order, and the request budget.
 */
class AssignmentStorageIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private final RequestCounter counter = new RequestCounter();
  private DynamoDbClient counted;
  private AssignmentHandler handler;
  private long partner;
  private long otherPartner;
  private long client;
  private long otherClient;

  @BeforeEach
  void setUp() {
    counted = Emulator.shared().newDynamoDbClient(counter);
    handler = ChangeRequests.handler(counted, DYNAMO.tableName());
    partner = nextId();
    otherPartner = nextId();
    client = nextId();
    otherClient = nextId();
  }

  @AfterEach
  void tearDown() {
    counted.close();
  }

  private List<Map<String, Object>> scenario() {
    return ChangeScenario.everyType(partner, otherPartner, client, otherClient);
  }

  /** Everything stored about the scenario's partners and clients, as a set of facts. */
  private Set<Fact> stored(String table) throws StorageUnavailable {
    FactStore facts = new FactStore(DYNAMO.client(), table, ChangeRequests.CLOCK);
    Set<Fact> all = new HashSet<>();
    all.addAll(facts.partnerFacts(partner));
    all.addAll(facts.partnerFacts(otherPartner));
    all.addAll(facts.clientFacts(client));
    all.addAll(facts.clientFacts(otherClient));
    return all;
  }

  /** A second table from template.yaml, for a replay that must end in the same facts. */
  private String freshTable() {
    String name = "AssignmentStorageIT-replay-" + UUID.randomUUID().toString().substring(0, 8);
    TemplateTable.fromTemplate().create(DYNAMO.client(), name);
    return name;
  }

  @Test
  void aReplayedEventIsADuplicateAndChangesNothing() throws Exception {
    Map<String, Object> event = event("user-" + client, "CLIENT_USER_ADDED", day(1), system(),
        "clientId", client, "userId", 5, "email", "a@acme.com");
    send(handler, event);
    Set<Fact> first = stored(DYNAMO.tableName());

    Map<String, Object> replayed = new java.util.LinkedHashMap<>(event);
    replayed.put("email", "changed@acme.com");
    assertEquals(answer(0, 1, Map.of()), send(handler, replayed));
    assertEquals(first, stored(DYNAMO.tableName()));
  }

  @Test
  void aRepeatInsideOneRequestIsADuplicateWithoutASecondWrite() {
    Map<String, Object> event = event("mrr-" + client, "SUBSCRIPTION_CHANGED", day(1), system(),
        "clientId", client, "mrr", "10.00", "currency", "USD");
    counter.clear();

    assertEquals(answer(1, 1, Map.of()), send(handler, List.of(event, event)));
    assertEquals(1, counter.count("PutItem"), counter.toString());
  }

  @Test
  void theActorIsKeptForAudit() {
    send(handler, ChangeScenario.everyType(partner, otherPartner, client, otherClient));

    Map<String, AttributeValue> link = DYNAMO.client().getItem(r -> r.tableName(DYNAMO.tableName())
        .key(Map.of(Attr.PK, AttributeValue.fromS(Keys.client(client)),
            Attr.SK, AttributeValue.fromS(Keys.fact("link-bob-" + partner))))).item();
    assertEquals("CAM_ACCESS:" + partner + ":9002", link.get(Attr.ACTOR).s());
    Map<String, AttributeValue> registered = DYNAMO.client().getItem(r -> r.tableName(DYNAMO.tableName())
        .key(Map.of(Attr.PK, AttributeValue.fromS(Keys.partner(partner)),
            Attr.SK, AttributeValue.fromS(Keys.fact("registered-" + partner))))).item();
    assertEquals("SYSTEM::", registered.get(Attr.ACTOR).s());
  }

  @Test
  void aScenarioReplayedTwiceOrInAnyOrderStoresTheSameFacts() throws Exception {
    List<Map<String, Object>> events = scenario();
    int n = events.size();

    assertEquals(answer(n, 0, Map.of()), send(handler, events));
    assertEquals(answer(0, n, Map.of()), send(handler, events));
    Set<Fact> forward = stored(DYNAMO.tableName());
    assertEquals(n, forward.size());

    List<Map<String, Object>> reversed = new ArrayList<>(events);
    Collections.reverse(reversed);
    List<Map<String, Object>> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(partner));
    for (List<Map<String, Object>> order : List.of(reversed, shuffled)) {
      String table = freshTable();
      try {
        AssignmentHandler other = ChangeRequests.handler(DYNAMO.client(), table);
        assertEquals(answer(n, 0, Map.of()), send(other, order));
        assertEquals(answer(0, n, Map.of()), send(other, events));
        assertEquals(forward, stored(table));
      } finally {
        DYNAMO.client().deleteTable(r -> r.tableName(table));
      }
    }
  }

  @Test
  void oneEventPerRequestInReverseOrderStoresTheSameFactsAReactivationBeforeItsEmployeeIsDeferred() throws Exception {
    List<Map<String, Object>> events = scenario();
    send(handler, events);
    Set<Fact> forward = stored(DYNAMO.tableName());

    String table = freshTable();
    try {
      AssignmentHandler other = ChangeRequests.handler(DYNAMO.client(), table);
      List<Map<String, Object>> reversed = new ArrayList<>(events);
      Collections.reverse(reversed);
      List<Object> rejected = new ArrayList<>();
      List<Object> deferred = new ArrayList<>();
      for (Map<String, Object> event : reversed) {
        Map<String, Object> answer = send(other, event);
        rejected.addAll((List<?>) answer.get("rejected"));
        deferred.addAll(ChangeRequests.deferredIds(answer));
      }
      // the reactivation and the admin's removal arrive before the employee they depend on: stored, and
      // listed as deferred
      assertEquals(List.of(), rejected);
      assertEquals(Set.of("reactivated-" + partner, "removed-carol-" + partner), new HashSet<>(deferred));
      assertEquals(forward, stored(table));
    } finally {
      DYNAMO.client().deleteTable(r -> r.tableName(table));
    }
  }

  @Test
  void aHundredEventRequestWritesOncePerEventAndReadsOncePerPartnerAndClient() {
    long[] clients = {nextId(), nextId(), nextId(), nextId()};
    List<Map<String, Object>> events = ChangeScenario.hundred(partner, otherPartner, clients);
    assertEquals(100, events.size());
    counter.clear();

    assertEquals(answer(100, 0, Map.of()), send(handler, events));
    Map<String, Integer> first = counter.snapshot();
    counter.clear();
    assertEquals(answer(0, 100, Map.of()), send(handler, events));
    Map<String, Integer> replay = counter.snapshot();

    System.out.println("[budget] assignments, 100 events (12 reactivations by 2 partners on 4 clients): "
        + first + "; the same request replayed: " + replay);
    // one conditional PutItem per event, and per employee (10) an ADD to its email's partners;
    // reactivations read 2 partners and 4 clients, once each
    assertEquals(Map.of("PutItem", 100, "UpdateItem", 10, "Query", 6), first);
    assertEquals(Map.of("PutItem", 100, "UpdateItem", 10, "Query", 6), replay);
  }

  @Test
  void aRequestWithoutFactDependentPermissionsReadsNothing() {
    counter.clear();
    List<Map<String, Object>> actorOnly = scenario().stream()
        .filter(e -> !e.get("type").equals("CLIENT_USER_REACTIVATED"))
        .filter(e -> !(e.get("type").equals("CLIENT_USER_REMOVED")
            && "PARTNER_ADMIN".equals(((Map<?, ?>) e.get("actor")).get("role"))))
        .toList();

    send(handler, actorOnly);

    assertEquals(0, counter.count("Query"), counter.toString());
    assertEquals(actorOnly.size(), counter.count("PutItem"), counter.toString());
  }

  @Test
  void aBadSignatureIs401AndStoresNothing() throws Exception {
    APIGatewayV2HTTPEvent request = ChangeRequests.signed(ChangeRequests.json(scenario()));
    request.setBody(request.getBody().replace("Acme", "Acne"));
    counter.clear();

    APIGatewayV2HTTPResponse response = handler.handleRequest(request, null);

    assertEquals(401, response.getStatusCode());
    assertEquals(0, counter.total());
    assertTrue(stored(DYNAMO.tableName()).isEmpty());
  }

  @Test
  void aStorageFailureIs503WithRetryAfterSoHubSpotRetries() {
    AssignmentHandler broken = ChangeRequests.handler(counted, "no-such-table-" + client);

    APIGatewayV2HTTPResponse response = broken.handleRequest(ChangeRequests.signed(ChangeRequests.json(scenario())), null);

    assertEquals(503, response.getStatusCode());
    assertEquals("5", response.getHeaders().get("retry-after"));
  }
}
