package com.partnercredit.assignments;

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

/**
 * {@code POST /webhooks/assignments}: partner, employee, client, client-user, link, subscription
 * and sold-deal changes, with the Client Access Manager's permissions (contracts.md sections 1 and 3).
 */
public final class AssignmentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final SignedWebhook webhook;
  private final AssignmentChanges changes;
  private final Optional<String> publicBaseUrl;

  /** Called once by Lambda at init: builds the whole object graph. */
  public AssignmentHandler() {
    this(DaggerAssignmentComponent.create().handler());
  }

  private AssignmentHandler(AssignmentHandler built) {
    this(built.webhook, built.changes, built.publicBaseUrl);
  }

  @Inject
  AssignmentHandler(SignedWebhook webhook, AssignmentChanges changes, Config config) {
    this(webhook, changes, config.publicBaseUrl());
  }

  AssignmentHandler(SignedWebhook webhook, AssignmentChanges changes, Optional<String> publicBaseUrl) {
    this.webhook = webhook;
    this.changes = changes;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Measurement measurement = Measurement.request(AssignmentChanges.FUNCTION, AssignmentChanges.ROUTE_KEY)
        .property("requestId", context == null ? null : context.getAwsRequestId())
        .property("apiRequestId", ApiGatewayHttp.requestId(event));
    return ApiGatewayHttp.response(webhook.handle(ApiGatewayHttp.request(event, publicBaseUrl), changes, measurement));
  }
}
