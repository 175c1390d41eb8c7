package com.partnercredit.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One measurement per request of a route (docs/architecture.md, "Metrics"): Requests, Latency,
 * DynamoDbRequests (when the function calls DynamoDB) and Unavailable, with the status and outcome
 * as log fields.
 */
public final class MeasuredRoute {
  private final Metrics metrics;
  private final String function;
  private final String route;
  private final LongSupplier calls; // null: a function without the SDK (the dashboard)

  public MeasuredRoute(Metrics metrics, String function, String route) {
    this(metrics, function, route, null);
  }

  /** {@code calls}: the DynamoDB requests made so far ({@code DynamoDbCalls.INTERCEPTOR::count}). */
  public MeasuredRoute(Metrics metrics, String function, String route, LongSupplier calls) {
    this.metrics = metrics;
    this.function = function;
    this.route = route;
    this.calls = calls;
  }

  public APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context,
      Function<Measurement, HttpResponse> handle) {
    Measurement measurement = Measurement.request(function, route)
        .property("requestId", context == null ? null : context.getAwsRequestId())
        .property("apiRequestId", ApiGatewayHttp.requestId(event));
    long started = System.nanoTime();
    long callsBefore = calls == null ? 0 : calls.getAsLong();
    HttpResponse response = null;
    try {
      response = handle.apply(measurement);
      return ApiGatewayHttp.response(response);
    } finally {
      int status = response == null ? 500 : response.status();
      measurement.count("Requests", 1)
          .milliseconds("Latency", (System.nanoTime() - started) / 1_000_000)
          .count("Unavailable", status == 503 ? 1 : 0)
          .property("status", status)
          .property("outcome", outcome(status));
      if (calls != null) {
        measurement.count("DynamoDbRequests", calls.getAsLong() - callsBefore);
      }
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
