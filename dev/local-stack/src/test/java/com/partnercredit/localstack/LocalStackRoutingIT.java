package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.TestTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The local stack serving test functions from a template of its own: what a handler receives and what the caller gets back. */
@ExtendWith(DynamoDbExtension.class)
class LocalStackRoutingIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;
  private static String tableName;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    properties = new SystemPropertiesSnapshot();
    tableName = table.name();
    Path template = Files.writeString(dir.resolve("template.yaml"), """
        Globals:
          Function:
            Timeout: 10
            Environment:
              Variables:
                TABLE_NAME: !Ref Table
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
              KeySchema: [{AttributeName: pk, KeyType: HASH}]
          EchoFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: com.partnercredit.localstack.EchoHandler::handleRequest
              Environment:
                Variables:
                  ECHO_GREETING: hello from the template
                  TABLE_NAME: not-this-one
                  SECRET_ARN: !Ref Secret
              Events:
                Things:
                  Type: HttpApi
                  Properties: {Path: '/things/{thingId}/parts', Method: POST}
                Binary:
                  Type: HttpApi
                  Properties: {Path: /binary, Method: GET}
          BoomFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: com.partnercredit.localstack.ThrowingHandler::handleRequest
              Events:
                Boom:
                  Type: HttpApi
                  Properties: {Path: /boom, Method: ANY}
        """);
    stack = LocalStack.start(new LocalStack.Settings(template, 0, table.name(), "routing-secret"), Emulator.shared());
  }

  @AfterAll
  static void stop() {
    stack.close();
    properties.restore();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theHandlerGetsTheEventApiGatewayWouldSend() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            stack.baseUrl().resolve("/things/t%2042/parts?size=L&tag=a&tag=b"))
        .header("X-Custom", "Mixed-Case")
        .header("Cookie", "session=1; theme=dark")
        .header("User-Agent", "routing-it")
        .POST(HttpRequest.BodyPublishers.ofString("{\"part\":1}")).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(201, response.statusCode(), response.body());
    Map<String, Object> echo = JSON.std.mapFrom(response.body());
    assertEquals("2.0", echo.get("version"));
    assertEquals("POST /things/{thingId}/parts", echo.get("routeKey"));
    assertEquals("/things/t%2042/parts", echo.get("rawPath"));
    assertEquals("size=L&tag=a&tag=b", echo.get("rawQueryString"));
    assertEquals(Map.of("thingId", "t 42"), echo.get("pathParameters"));
    assertEquals(Map.of("size", "L", "tag", "a,b"), echo.get("queryStringParameters"));
    assertEquals(List.of("session=1", "theme=dark"), echo.get("cookies"));
    Map<String, Object> headers = (Map<String, Object>) echo.get("headers");
    assertEquals("Mixed-Case", headers.get("x-custom"));
    assertTrue(headers.keySet().stream().allMatch(h -> h.equals(h.toLowerCase())), headers.toString());
    assertEquals("POST", echo.get("method"));
    assertEquals("127.0.0.1", echo.get("sourceIp"));
    assertEquals("routing-it", echo.get("userAgent"));
    assertEquals("127.0.0.1:" + stack.port(), echo.get("domainName"));
    assertEquals("$default", echo.get("stage"));
    assertEquals("{\"part\":1}", echo.get("body"));
    assertEquals(false, echo.get("isBase64Encoded"));
    assertEquals("EchoFunction", echo.get("functionName"));
  }

  @Test
  void theResponseCarriesStatusHeadersAndCookies() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/things/1/parts"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(201, response.statusCode());
    assertEquals("yes", response.headers().firstValue("x-echo").orElse(null));
    assertEquals("session=abc; Path=/", response.headers().firstValue("set-cookie").orElse(null));
  }

  @Test
  void aBase64ResponseBodyIsDecoded() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/binary")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals("raw bytes", response.body());
  }

  @Test
  void templateVariablesReachTheHandlerButNeverOverrideTheLocalStacksOwn() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/things/1/parts"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    Map<String, Object> echo = JSON.std.mapFrom(response.body());
    assertEquals("hello from the template", echo.get("greeting"));
    assertEquals(tableName, echo.get("tableName"));
    assertEquals(null, System.getProperty("SECRET_ARN"), "intrinsic values are not set");
  }

  @Test
  void aHandlerExceptionIs502WithoutDetails() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/boom"))
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(502, response.statusCode());
    assertEquals(Map.of("message", "Internal server error"), JSON.std.mapFrom(response.body()));
    assertFalse(response.body().contains("secret internal detail"));
  }

  @Test
  void aKnownPathWithAnotherMethodIs404() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/binary"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(404, response.statusCode());
  }

  @Test
  void routesThatAreNotTemplateFunctionsCanBeAdded() throws Exception {
    stack.addRoute("POST", "/extra/{name}", (request, match) ->
        HttpApiResponse.json(200, JSON.std.asString(Map.of("name", match.pathParameters().get("name")))));

    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/extra/abc"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals(Map.of("name", "abc"), JSON.std.mapFrom(response.body()));
    assertTrue(String.join("\n", stack.banner()).contains("POST /extra/{name}"));
  }
}
