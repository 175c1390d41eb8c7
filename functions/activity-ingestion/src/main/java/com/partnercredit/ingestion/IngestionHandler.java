package com.partnercredit.ingestion;

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
 * {@code POST /webhooks/hubspot}: HubSpot activity webhooks (docs/api.md sections 1 and 2). Its
 * SnapStart hook primes the request path before the snapshot ({@link IngestionPriming}).
 */
public final class IngestionHandler
    extends SnapStartHook implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final SignedWebhook webhook;
  private final ActivityIngestion activities;
  private final Optional<String> publicBaseUrl;
  private final IngestionPriming priming; // null when built from its parts (tests)

  /** Called once by Lambda at init: builds the whole object graph and registers the SnapStart hook. */
  public IngestionHandler() {
    this(DaggerIngestionComponent.create().handler());
    register();
  }

  private IngestionHandler(IngestionHandler built) {
    this(built.webhook, built.activities, built.publicBaseUrl, built.priming);
  }

  @Inject
  IngestionHandler(SignedWebhook webhook, ActivityIngestion activities, Config config, IngestionPriming priming) {
    this(webhook, activities, config.publicBaseUrl(), priming);
  }

  IngestionHandler(SignedWebhook webhook, ActivityIngestion activities, Optional<String> publicBaseUrl) {
    this(webhook, activities, publicBaseUrl, null);
  }

  private IngestionHandler(SignedWebhook webhook, ActivityIngestion activities, Optional<String> publicBaseUrl,
      IngestionPriming priming) {
    this.webhook = webhook;
    this.activities = activities;
    this.publicBaseUrl = publicBaseUrl;
    this.priming = priming;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Measurement measurement = Measurement.request(ActivityIngestion.FUNCTION, ActivityIngestion.ROUTE_KEY)
        .property("requestId", context == null ? null : context.getAwsRequestId())
        .property("apiRequestId", ApiGatewayHttp.requestId(event));
    return ApiGatewayHttp.response(webhook.handle(ApiGatewayHttp.request(event, publicBaseUrl), activities, measurement));
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
