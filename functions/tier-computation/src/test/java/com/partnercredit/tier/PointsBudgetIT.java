package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.ReadVolume;
import com.partnercredit.testsupport.RequestCounter;
import com.partnercredit.testsupport.RequestRounds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The request budget of one Points Breakdown (issue 11), for the {@link Portfolio}: a partner with C
 * clients, each with 3 partner employee users and the client's own staff.
 *
 * <ul>
 *   <li>at most C + (employee-user pairs) + ⌈U/100⌉ + {@value #FIXED} requests, U the distinct emails
 *       of the clients' users: one Query per client (its account facts), one per employee user (its
 *       activities), one BatchGetItem per 100 emails, and a few per partner;</li>
 *   <li>at most {@value #MAX_ROUNDS} rounds in sequence ({@link RequestRounds}), and at least
 *       {@value #CALLS_PER_ROUND} calls to a round on average, the clients' reads in flight together, so
 *       that a breakdown whose reads ran one after another fails at 10 clients as at 100; the rounds
 *       counted over the very calls the counter counted;</li>
 *   <li>nothing read grows with the own staff's activities.</li>
 * </ul>
 *
 * <p>1,000 clients, and the times, are in {@link PointsBenchmark}.
 */
class PointsBudgetIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  /**
   * Requests that do not grow with the clients: the partner's partition, its links and its
   * employees' emails on gsi1 (3), the other partner's partition, and a page or retry here and there.
   */
  static final int FIXED = 20;
  static final int MAX_ROUNDS = 60;
  /**
   * Calls to a round, at least, on average: measured 9 at 10 clients (47 calls in 5 rounds) and 59
   * at 100; reads one after another make 1.
   */
  static final int CALLS_PER_ROUND = 4;

  private final RequestCounter counter = new RequestCounter();
  private final RequestRounds rounds = new RequestRounds();
  private final ReadVolume volume = new ReadVolume();

  /** Calls the route for the partner as an admin; the body as JSON, counters cleared first. */
  private Map<String, Object> breakdown(long partner) throws Exception {
    counter.clear();
    rounds.clear();
    volume.clear();
    try (DynamoDbClient counted = Emulator.shared().newDynamoDbClient(counter, rounds, volume)) {
      PointsHandler handler = PointsRequests.handler(counted, DYNAMO.tableName());
      APIGatewayV2HTTPResponse response = handler.handleRequest(
          PointsRequests.get(Long.toString(partner), Map.of(), Map.of(), PointsRequests.adminClaims()), null);
      assertEquals(200, response.getStatusCode(), response.getBody());
      return JSON.std.mapFrom(response.getBody());
    }
  }

  private static Object managed(Map<String, Object> body) {
    return ((Map<?, ?>) body.get("points")).get("managed");
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 100})
  void requestsGrowWithClientsAndEmployeeUsersOnlyInFewRounds(int clients) throws Exception {
    Portfolio.Shape shape = Portfolio.Shape.budget(clients).withOwnActivities(10);
    Portfolio.Stored stored = Portfolio.store(new StoredFacts(DYNAMO.client(), DYNAMO.tableName()), shape, Instant.now());

    Map<String, Object> body = breakdown(stored.partner());

    int budget = clients + shape.employeeUserPairs() + (shape.distinctUserEmails() + 99) / 100 + FIXED;
    System.out.printf("[budget] breakdown, %d clients: %s, %s, %s (budget %d requests, %d rounds)%n",
        clients, counter, rounds, volume, budget, MAX_ROUNDS);
    assertEquals(clients, ((List<?>) body.get("clients")).size());
    assertEquals(String.format("%d.00", clients * 5), managed(body),
        "USD 1000.00 split between two partners: 5.00 points per client");
    assertEquals(Set.of("Query", "BatchGetItem"), counter.snapshot().keySet(), "no Scan: " + counter);
    assertEquals(clients + shape.employeeUserPairs(), counter.count("Query") - FIXED_QUERIES,
        "one Query per client and per employee user, besides the partners': " + counter);
    assertEquals((shape.distinctUserEmails() + 99) / 100, counter.count("BatchGetItem"), counter.toString());
    assertTrue(counter.total() <= budget, counter.total() + " requests, budget " + budget);
    assertEquals(counter.total(), rounds.calls(), "the rounds are of the calls counted: " + rounds + ", " + counter);
    assertTrue(rounds.rounds() <= MAX_ROUNDS, rounds.toString());
    assertTrue(rounds.rounds() * CALLS_PER_ROUND <= rounds.calls(),
        "the reads ran together, at least " + CALLS_PER_ROUND + " calls to a round: " + rounds);
    assertTrue(rounds.maxInFlight() >= Math.min(clients, FactStore.READS_IN_FLIGHT),
        "the clients' reads in flight together: " + rounds);
  }

  /**
   * The partner's partition, its links, its three employees' emails on gsi1, and the other partner's
   * partition.
   */
  static final int FIXED_QUERIES = 6;

  @Test
  void theClientsOwnStaffAndTheirActivitiesCostNoRead() throws Exception {
    StoredFacts storedFacts = new StoredFacts(DYNAMO.client(), DYNAMO.tableName());
    Portfolio.Shape quiet = Portfolio.Shape.budget(10).withOwnActivities(0);
    long quietPartner = Portfolio.store(storedFacts, quiet, Instant.now()).partner();
    long busyPartner = Portfolio.store(storedFacts, quiet.withOwnActivities(200), Instant.now()).partner();

    Map<String, Object> quietBody = breakdown(quietPartner);
    Map<String, Integer> quietRequests = counter.snapshot();
    long quietItems = volume.items();
    long quietBytes = volume.bytes();
    Map<String, Object> busyBody = breakdown(busyPartner);

    System.out.printf("[budget] breakdown, 10 clients, own staff without activities: %s, %d items, %d bytes;"
        + " with 200 activities each (10,000 more items in the table): %s, %s%n",
        quietRequests, quietItems, quietBytes, counter, volume);
    assertEquals(managed(quietBody), managed(busyBody));
    assertEquals(quietRequests, counter.snapshot());
    assertEquals(quietItems, volume.items(), "the same items read, however busy the clients' own staff");
    assertTrue(volume.bytes() <= quietBytes * 101 / 100, volume.bytes() + " bytes read, vs " + quietBytes);
  }
}
