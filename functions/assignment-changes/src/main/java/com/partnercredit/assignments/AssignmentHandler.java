package com.partnercredit.assignments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.wiring.Config;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code POST /webhooks/assignments}: partner, employee, client, client-user, link, subscription
 * and sold-deal changes, with the Client Access Manager's permissions (docs/api.md sections 1 and 3).
 * Its SnapStart hook primes the request path before the snapshot ({@link AssignmentPriming}).
 */
public final class AssignmentHandler
    extends SnapStartHook implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final SignedWebhook webhook;
  private final AssignmentChanges changes;
  private final Optional<String> publicBaseUrl;
  private final AssignmentPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public AssignmentHandler() {
    this(DaggerAssignmentComponent.create().handler());
    register();
  }

  private AssignmentHandler(AssignmentHandler built) {
    this(built.webhook, built.changes, built.publicBaseUrl, built.priming);
  }

  @Inject
  AssignmentHandler(SignedWebhook webhook, AssignmentChanges changes, Config config, AssignmentPriming priming) {
    this(webhook, changes, config.publicBaseUrl(), priming);
  }

  AssignmentHandler(SignedWebhook webhook, AssignmentChanges changes, Optional<String> publicBaseUrl) {
    this(webhook, changes, publicBaseUrl, null);
  }

  private AssignmentHandler(SignedWebhook webhook, AssignmentChanges changes, Optional<String> publicBaseUrl,
      AssignmentPriming priming) {
    this.webhook = webhook;
    this.changes = changes;
    this.publicBaseUrl = publicBaseUrl;
    this.priming = priming;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Measurement measurement = Measurement.request(AssignmentChanges.FUNCTION, AssignmentChanges.ROUTE_KEY)
        .property("requestId", context == null ? null : context.getAwsRequestId())
        .property("apiRequestId", ApiGatewayHttp.requestId(event));
    return ApiGatewayHttp.response(webhook.handle(ApiGatewayHttp.request(event, publicBaseUrl), changes, measurement));
  }


  @Override
  protected Priming.Report prime() {
    return priming == null ? Priming.Report.NONE : priming.prime(this);
  }

  /** After a SnapStart restore: the secret is read again, so a rotation needs no new version. */
  @Override
  protected void restored() {
    if (priming != null) {
      priming.restored();
    }
  }
}
