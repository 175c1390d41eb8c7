package com.partnercredit.assignments;

import static com.partnercredit.assignments.ChangeRequests.nextId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.Fact;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.SignatureMarkers;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.webhook.SignedWebhook;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Issue 21: a signed change request sent again with the same signature writes nothing (docs/api.md section 1). */
class AssignmentReplayIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private final RequestCounter counter = new RequestCounter();
  private DynamoDbClient counted;
  private AssignmentHandler handler;

  @BeforeEach
  void setUp() {
    counted = Emulator.shared().newDynamoDbClient(counter);
    handler = new AssignmentHandler(
        new SignedWebhook(new SignatureV3(ChangeRequests.SECRET, ChangeRequests.CLOCK), measurement -> {},
            SignedWebhook.BUDGET, new SignatureMarkers(counted, DYNAMO.tableName())),
        new AssignmentChanges(new FactStore(counted, DYNAMO.tableName(), ChangeRequests.CLOCK),
            new BatchWriter(counted, DYNAMO.tableName()), ChangeRequests.CLOCK),
        Optional.of(ChangeRequests.BASE_URL));
  }

  @AfterEach
  void tearDown() {
    counted.close();
  }

  @Test
  void aReplayedSignedRequestWritesNothing() throws Exception {
    long partner = nextId();
    long client = nextId();
    List<Map<String, Object>> events = ChangeScenario.everyType(partner, nextId(), client, nextId());
    APIGatewayV2HTTPEvent request = ChangeRequests.signed(ChangeRequests.json(events));
    APIGatewayV2HTTPResponse first = handler.handleRequest(request, null);
    assertEquals(200, first.getStatusCode(), first.getBody());
    FactStore facts = new FactStore(DYNAMO.client(), DYNAMO.tableName(), ChangeRequests.CLOCK);
    Set<Fact> stored = new HashSet<>(facts.partnerFacts(partner));
    stored.addAll(facts.clientFacts(client));
    assertFalse(stored.isEmpty());
    counter.clear();

    APIGatewayV2HTTPResponse replay = handler.handleRequest(request, null);

    assertEquals(200, replay.getStatusCode(), replay.getBody());
    assertEquals(true, JSON.std.mapFrom(replay.getBody()).get("replayed"), replay.getBody());
    assertEquals(Map.of("PutItem", 1), counter.snapshot(), "one refused claim of the marker, nothing else");
    Set<Fact> after = new HashSet<>(facts.partnerFacts(partner));
    after.addAll(facts.clientFacts(client));
    assertEquals(stored, after);
  }
}
