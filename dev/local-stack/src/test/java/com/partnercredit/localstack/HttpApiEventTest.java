package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiEventTest {

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00.123Z");

  private static APIGatewayV2HTTPEvent asLambdaSeesIt(Map<String, Object> event) throws Exception {
    return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, HttpApiEventTest.class.getClassLoader())
        .fromJson(JSON.std.asString(event));
  }

  @Test
  void theLambdaRuntimeReadsEveryField() throws Exception {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("X-Multi", List.of("a", "b"));
    headers.put("Cookie", List.of("a=1; b=2"));
    headers.put("User-Agent", List.of("curl/8"));
    var request = new HttpApiEvent.Request("POST", "/partners/111/points", "asOf=2026-11-28T10%3A00%3A00Z&x=1&x=2",
        headers, "{\"k\":1}", "127.0.0.1", "HTTP/1.1", "127.0.0.1:3000");

    APIGatewayV2HTTPEvent event = asLambdaSeesIt(HttpApiEvent.build(request, "POST /partners/{partnerId}/points",
        Map.of("partnerId", "111"), "req-1", NOW));

    assertEquals("2.0", event.getVersion());
    assertEquals("POST /partners/{partnerId}/points", event.getRouteKey());
    assertEquals("/partners/111/points", event.getRawPath());
    assertEquals("asOf=2026-11-28T10%3A00%3A00Z&x=1&x=2", event.getRawQueryString());
    assertEquals(List.of("a=1", "b=2"), event.getCookies());
    assertEquals("application/json", event.getHeaders().get("content-type"));
    assertEquals("a,b", event.getHeaders().get("x-multi"));
    assertFalse(event.getHeaders().containsKey("cookie"));
    assertEquals(Map.of("asOf", "2026-11-28T10:00:00Z", "x", "1,2"), event.getQueryStringParameters());
    assertEquals(Map.of("partnerId", "111"), event.getPathParameters());
    var context = event.getRequestContext();
    assertEquals("POST", context.getHttp().getMethod());
    assertEquals("/partners/111/points", context.getHttp().getPath());
    assertEquals("HTTP/1.1", context.getHttp().getProtocol());
    assertEquals("127.0.0.1", context.getHttp().getSourceIp());
    assertEquals("curl/8", context.getHttp().getUserAgent());
    assertEquals("127.0.0.1:3000", context.getDomainName());
    assertEquals("$default", context.getStage());
    assertEquals("req-1", context.getRequestId());
    assertEquals(NOW.toEpochMilli(), context.getTimeEpoch());
    assertEquals("28/Nov/2026:10:00:00 +0000", context.getTime());
    assertEquals("{\"k\":1}", event.getBody());
    assertFalse(event.getIsBase64Encoded());
  }

  @Test
  void emptyPartsAreLeftOutAsAwsDoes() throws Exception {
    var request = new HttpApiEvent.Request("GET", "/x", "", Map.of(), "", "127.0.0.1", "HTTP/1.1", "127.0.0.1:3000");

    Map<String, Object> event = HttpApiEvent.build(request, "GET /x", Map.of(), "req-2", NOW);

    assertFalse(event.containsKey("body"));
    assertFalse(event.containsKey("cookies"));
    assertFalse(event.containsKey("queryStringParameters"));
    assertFalse(event.containsKey("pathParameters"));
    assertEquals("", event.get("rawQueryString"));
    assertNull(asLambdaSeesIt(event).getBody());
  }

  @Test
  void aBearerTokensClaimsGoWhereTheJwtAuthorizerPutsThem() throws Exception {
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"sub\":\"u1\",\"partner_id\":111,\"scope\":\"points:admin\",\"groups\":[\"a\",\"b\"]}"
            .getBytes(StandardCharsets.UTF_8));
    var request = new HttpApiEvent.Request("GET", "/partners/111/points", "",
        Map.of("Authorization", List.of("Bearer eyJhbGciOiJub25lIn0." + payload + ".")), "", "127.0.0.1",
        "HTTP/1.1", "127.0.0.1:3000");

    APIGatewayV2HTTPEvent event = asLambdaSeesIt(HttpApiEvent.build(request, "GET /partners/{partnerId}/points",
        Map.of("partnerId", "111"), "req-3", NOW));

    assertEquals(Map.of("sub", "u1", "partner_id", "111", "scope", "points:admin", "groups", "[a b]"),
        event.getRequestContext().getAuthorizer().getJwt().getClaims());
  }

  @Test
  void withoutABearerTokenThereIsNoAuthorizerContext() {
    var request = new HttpApiEvent.Request("GET", "/x", "", Map.of("Authorization", List.of("Basic abc")), "",
        "127.0.0.1", "HTTP/1.1", "127.0.0.1:3000");

    Map<String, Object> event = HttpApiEvent.build(request, "GET /x", Map.of(), "req-4", NOW);

    assertFalse(((Map<?, ?>) event.get("requestContext")).containsKey("authorizer"));
  }
}
