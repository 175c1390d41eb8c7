package com.partnercredit.localstack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test function: answers with the event it received, as the Lambda runtime deserialized it. */
public class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  static final String INIT_PROPERTY = "ECHO_GREETING";
  private final String greeting = System.getProperty(INIT_PROPERTY, "(unset)");

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if (event.getRawPath().equals("/binary")) {
      return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
          .withHeaders(Map.of("content-type", "application/octet-stream"))
          .withBody(Base64.getEncoder().encodeToString("raw bytes".getBytes(StandardCharsets.UTF_8)))
          .withIsBase64Encoded(true).build();
    }
    Map<String, Object> echo = new LinkedHashMap<>();
    echo.put("version", event.getVersion());
    echo.put("routeKey", event.getRouteKey());
    echo.put("rawPath", event.getRawPath());
    echo.put("rawQueryString", event.getRawQueryString());
    echo.put("cookies", event.getCookies());
    echo.put("headers", event.getHeaders());
    echo.put("queryStringParameters", event.getQueryStringParameters());
    echo.put("pathParameters", event.getPathParameters());
    var rc = event.getRequestContext();
    echo.put("method", rc.getHttp().getMethod());
    echo.put("path", rc.getHttp().getPath());
    echo.put("protocol", rc.getHttp().getProtocol());
    echo.put("sourceIp", rc.getHttp().getSourceIp());
    echo.put("userAgent", rc.getHttp().getUserAgent());
    echo.put("domainName", rc.getDomainName());
    echo.put("stage", rc.getStage());
    echo.put("requestId", rc.getRequestId());
    echo.put("timeEpoch", rc.getTimeEpoch());
    echo.put("body", event.getBody());
    echo.put("isBase64Encoded", event.getIsBase64Encoded());
    echo.put("functionName", context.getFunctionName());
    echo.put("greeting", greeting);
    echo.put("tableName", System.getProperty("TABLE_NAME"));
    try {
      return APIGatewayV2HTTPResponse.builder().withStatusCode(201)
          .withHeaders(Map.of("content-type", "application/json", "x-echo", "yes"))
          .withCookies(List.of("session=abc; Path=/"))
          .withBody(JSON.std.asString(echo)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
