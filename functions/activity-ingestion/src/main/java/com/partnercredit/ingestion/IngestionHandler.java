package com.partnercredit.ingestion;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.wiring.Config;
import java.util.Optional;
import javax.inject.Inject;

/** {@code POST /webhooks/hubspot}: HubSpot activity webhooks (contracts.md sections 1 and 2). */
public final class IngestionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final SignedWebhook webhook;
  private final ActivityIngestion activities;
  private final Optional<String> publicBaseUrl;

  /** Called once by Lambda at init: builds the whole object graph. */
  public IngestionHandler() {
    this(DaggerIngestionComponent.create().handler());
  }

  private IngestionHandler(IngestionHandler built) {
    this(built.webhook, built.activities, built.publicBaseUrl);
  }

  @Inject
  IngestionHandler(SignedWebhook webhook, ActivityIngestion activities, Config config) {
    this(webhook, activities, config.publicBaseUrl());
  }

  IngestionHandler(SignedWebhook webhook, ActivityIngestion activities, Optional<String> publicBaseUrl) {
    this.webhook = webhook;
    this.activities = activities;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Measurement measurement = Measurement.request(ActivityIngestion.FUNCTION, ActivityIngestion.ROUTE_KEY)
        .property("requestId", context == null ? null : context.getAwsRequestId())
        .property("apiRequestId", ApiGatewayHttp.requestId(event));
    return ApiGatewayHttp.response(webhook.handle(ApiGatewayHttp.request(event, publicBaseUrl), activities, measurement));
  }
}
