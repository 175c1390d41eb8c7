package com.partnercredit.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.metrics.DynamoDbCalls;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import java.util.function.Function;

/**
 * One measurement per request of a route (docs/architecture.md, "Metrics"): Requests, Latency,
 * DynamoDbRequests and Unavailable, with the status and outcome as log fields.
 */
public final class MeasuredRoute {
  private final Metrics metrics;
  private final String function;
  private final String route;

  public MeasuredRoute(Metrics metrics, String function, String route) {
    this.metrics = metrics;
    this.function = function;
    this.route = route;
  }

  public APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context,
      Function<Measurement, HttpResponse> handle) {
    Measurement measurement = Measurement.request(function, route)
        .property("requestId", context == null ? null : context.getAwsRequestId())
        .property("apiRequestId", ApiGatewayHttp.requestId(event));
    long started = System.nanoTime();
    long callsBefore = DynamoDbCalls.INTERCEPTOR.count();
    HttpResponse response = null;
    try {
      response = handle.apply(measurement);
      return ApiGatewayHttp.response(response);
    } finally {
      int status = response == null ? 500 : response.status();
      measurement.count("Requests", 1)
          .milliseconds("Latency", (System.nanoTime() - started) / 1_000_000)
          .count("DynamoDbRequests", DynamoDbCalls.INTERCEPTOR.count() - callsBefore)
          .count("Unavailable", status == 503 ? 1 : 0)
          .property("status", status)
          .property("outcome", outcome(status));
      metrics.emit(measurement);
    }
  }

  static String outcome(int status) {
    return switch (status) {
      case 200, 204, 304 -> "ok";
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 410 -> "gone";
      case 503 -> "unavailable";
      default -> status < 500 ? "client_error" : "error";
    };
  }
}
