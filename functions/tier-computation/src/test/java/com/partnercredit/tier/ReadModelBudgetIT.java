package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.ReadModelPortfolio;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.ReadVolume;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.RequestRounds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The request budget of a breakdown from the read model (issue 17): for a partner with C clients
 * (3 employee users with 20 activities each and 5 of the client's own staff per client, a second
 * partner on every client), at most 3 rounds and at most 2 + ⌈bytes/1 MB⌉ requests, bytes being the
 * size of the partner's read-model items. The items are written directly (what the stream's
 * consumer would write), so the test measures the read alone.
 */
class ReadModelBudgetIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final long MB = 1024 * 1024;

  @ParameterizedTest
  @ValueSource(ints = {10, 1000})
  void aBreakdownFromTheReadModelTakesOneRoundAndOneRequestPerMegabyte(int clients) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ReadModelPortfolio stored = ReadModelPortfolio.store(DYNAMO.client(), DYNAMO.tableName(), clients, now);
    long partner = stored.partner();
    long partnerBytes = stored.partnerBytes();

    RequestCounter counter = new RequestCounter();
    RequestRounds rounds = new RequestRounds();
    ReadVolume volume = new ReadVolume();
    Map<String, Object> body;
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter, rounds, volume)) {
      Clock clock = Clock.systemUTC();
      PointsHandler handler = new PointsHandler(new PointsBreakdown(new FactStore(counted, DYNAMO.tableName(), clock),
          new ReadModelStore(counted, DYNAMO.tableName()), PointsRequests.ENGINE,
          new SnapshotStore(counted, DYNAMO.tableName(), new BatchWriter(counted, DYNAMO.tableName()))),
          clock, Duration.ofMinutes(2), measurement -> {});
      APIGatewayV2HTTPResponse response = handler.handleRequest(
          PointsRequests.get(Long.toString(partner), Map.of(), Map.of(), PointsRequests.adminClaims()), null);
      assertEquals(200, response.getStatusCode(), response.getBody());
      body = JSON.std.mapFrom(response.getBody());
    }

    long budget = 2 + (partnerBytes + MB - 1) / MB;
    System.out.printf("[budget] breakdown from the read model, %d clients: %s, %s, %s; items %d bytes"
        + " (budget %d requests, 3 rounds)%n", clients, counter, rounds, volume, partnerBytes, budget);
    assertEquals("readModel", body.get("source"));
    assertEquals(clients, ((List<?>) body.get("clients")).size());
    assertEquals(String.format("%d.00", clients * 5), ((Map<?, ?>) body.get("points")).get("managed"),
        "USD 1000.00 split between two partners: 5.00 points per client");
    assertEquals(counter.total(), rounds.calls(), "every request seen by both counters");
    assertTrue(counter.total() >= 3, "the partner, its read model and the progress: " + counter);
    assertTrue(counter.total() <= budget, counter.total() + " requests, budget " + budget);
    assertTrue(rounds.rounds() <= 3, rounds.toString());
  }
}
