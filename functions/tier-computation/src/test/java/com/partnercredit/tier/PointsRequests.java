package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.SnapshotStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** API Gateway HTTP API events for {@code GET /partners/{partnerId}/points}, as the JWT authorizer passes them on. */
final class PointsRequests {
  static final CreditEngine ENGINE = new CreditEngine(RuleTablesLoader.fromClasspath());

  private PointsRequests() {}

  /** The handler on {@code table}, with the wall clock (activities expire by it, as in AWS). */
  static PointsHandler handler(DynamoDbClient dynamo, String table) {
    Clock clock = Clock.systemUTC();
    // the emulator is many times slower than DynamoDB: these tests check answers and request counts,
    // so the lookup gets a budget no emulator run reaches (FaultsIT covers the budget itself)
    return new PointsHandler(new PointsBreakdown(new FactStore(dynamo, table, clock), ENGINE,
        new SnapshotStore(dynamo, table, new BatchWriter(dynamo, table))), clock,
        java.time.Duration.ofMinutes(2), measurement -> {});
  }

  /** The same, writing each request's measurement to {@code metrics}. */
  static PointsHandler handler(DynamoDbClient dynamo, String table, com.partnercredit.metrics.Metrics metrics) {
    Clock clock = Clock.systemUTC();
    return new PointsHandler(new PointsBreakdown(new FactStore(dynamo, table, clock), ENGINE,
        new SnapshotStore(dynamo, table, new BatchWriter(dynamo, table))), clock,
        java.time.Duration.ofMinutes(2), metrics);
  }

  static Map<String, String> partnerClaims(long partnerId) {
    return Map.of("sub", "user-" + partnerId, "partner_id", Long.toString(partnerId), "scope", "points:read");
  }

  static Map<String, String> adminClaims() {
    return Map.of("sub", "operator", "scope", "openid points:admin");
  }

  static APIGatewayV2HTTPEvent get(
      String partnerId, Map<String, String> query, Map<String, String> headers, Map<String, String> claims) {
    String path = "/partners/" + partnerId + "/points";
    String raw = query.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    Map<String, String> allHeaders = new LinkedHashMap<>(headers);
    allHeaders.putIfAbsent("authorization", "Bearer <verified by the authorizer>");
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("GET /partners/{partnerId}/points")
        .withRawPath(path)
        .withRawQueryString(raw)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withPathParameters(Map.of("partnerId", partnerId))
        .withHeaders(allHeaders)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withDomainName("abc123.execute-api.us-east-1.amazonaws.com")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
            .withAuthorizer(claims == null ? null : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                .build())
            .build())
        .withIsBase64Encoded(false)
        .build();
  }
}
