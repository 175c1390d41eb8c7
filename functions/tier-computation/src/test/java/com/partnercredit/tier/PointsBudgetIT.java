package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.RequestCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The request budget of one Points Breakdown (issue 5): for a partner with C clients, each serviced
 * by two partners with three employees each, Queries only (no Scan) and at most
 * {@value #FIXED} + C of them. 1,000 clients and the timings are in {@link PointsBenchmark}.
 */
class PointsBudgetIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  /**
   * The partner's partition (1), its three employees' emails on gsi1 (3), its links (1), the other
   * partner's three employees' emails on gsi1 (3) and the emails of the partner's own employees
   * again among the client users (3), and the other partner's partition (1).
   */
  static final int FIXED = 12;

  @ParameterizedTest
  @ValueSource(ints = {10, 100})
  void oneQueryPerClientPlusAFewPerPartner(int clients) throws Exception {
    RequestCounter counter = new RequestCounter();
    long partner = Portfolio.store(new StoredFacts(DYNAMO.client(), DYNAMO.tableName()), clients, Instant.now(), Duration.ofDays(1));
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter)) {
      PointsHandler handler = PointsRequests.handler(counted, DYNAMO.tableName());

      APIGatewayV2HTTPResponse response = handler.handleRequest(
          PointsRequests.get(Long.toString(partner), Map.of(), Map.of(), PointsRequests.adminClaims()), null);

      assertEquals(200, response.getStatusCode(), response.getBody());
      Map<String, Object> body = JSON.std.mapFrom(response.getBody());
      assertEquals(clients, ((List<?>) body.get("clients")).size());
      assertEquals(Map.of("Query", counter.total()), counter.snapshot(), "Queries only: " + counter);
      assertTrue(counter.total() <= FIXED + clients, counter.total() + " requests for " + clients + " clients");
      assertEquals(String.format("%d.00", clients * 5), ((Map<?, ?>) body.get("points")).get("managed"),
          "USD 1000.00 split between two partners: 5.00 points per client");
    }
  }
}
