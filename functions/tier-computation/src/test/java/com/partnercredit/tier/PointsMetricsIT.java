package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What one Points Breakdown writes (issue 12): valid EMF with the clients evaluated and the DynamoDB requests. */
class PointsMetricsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  @Test
  void aBreakdownWritesItsClientsEvaluatedAndItsDynamoDbRequests() throws Exception {
    int clients = 5;
    long partner = Portfolio.store(new StoredFacts(DYNAMO.client(), DYNAMO.tableName()),
        Portfolio.Shape.budget(clients), Instant.now()).partner();
    List<String> emf = new ArrayList<>();
    RequestCounter counter = new RequestCounter();
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter, DynamoDbCalls.INTERCEPTOR)) {
      PointsHandler handler = PointsRequests.handler(counted, DYNAMO.tableName(),
          new EmfMetrics("PartnerCredit/metrics-it", emf::add, Clock.systemUTC()));

      APIGatewayV2HTTPResponse response = handler.handleRequest(
          PointsRequests.get(Long.toString(partner), Map.of(), Map.of(), PointsRequests.adminClaims()), null);

      assertEquals(200, response.getStatusCode(), response.getBody());
    }
    assertEquals(1, emf.size(), emf.toString());
    Map<String, Object> doc = JSON.std.mapFrom(emf.get(0));
    assertEquals(List.of(), EmfSpec.violations(doc), doc.toString());
    assertEquals("GET /partners/{partnerId}/points", doc.get("Route"));
    assertEquals(clients, doc.get("ClientsEvaluated"));
    assertEquals(counter.total(), ((Number) doc.get("DynamoDbRequests")).intValue());
    assertEquals(partner, ((Number) doc.get("partnerId")).longValue());
    assertEquals("ok", doc.get("outcome"));
    assertFalse(doc.containsKey("sub"));
  }

  @Test
  void aForbiddenReadIsMeasuredAsSuchWithoutReadingAnything() throws Exception {
    List<String> emf = new ArrayList<>();
    PointsHandler handler = PointsRequests.handler(DYNAMO.client(), DYNAMO.tableName(),
        new EmfMetrics("PartnerCredit/metrics-it", emf::add, Clock.systemUTC()));

    APIGatewayV2HTTPResponse response = handler.handleRequest(
        PointsRequests.get("111", Map.of(), Map.of(), PointsRequests.partnerClaims(112)), null);

    assertEquals(403, response.getStatusCode());
    Map<String, Object> doc = JSON.std.mapFrom(emf.get(0));
    assertEquals(List.of(), EmfSpec.violations(doc), doc.toString());
    assertEquals("forbidden", doc.get("outcome"));
    assertFalse(doc.containsKey("ClientsEvaluated"));
  }
}
