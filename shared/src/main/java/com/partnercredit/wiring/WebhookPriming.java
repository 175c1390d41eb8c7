package com.partnercredit.wiring;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.hubspot.ClientSecret;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import javax.inject.Inject;

/**
 * SnapStart priming of a signed webhook route ({@link Priming}): one webhook, signed with the
 * function's own secret for the URL it checks, sent through the handler in a dry run of its HTTP
 * client. Each webhook function says only which path and which body.
 */
public final class WebhookPriming {
  private final DryRunHttpClient http;
  private final ClientSecret secret;
  private final Config config;
  private final Clock clock;

  @Inject
  public WebhookPriming(DryRunHttpClient http, ClientSecret secret, Config config, Clock clock) {
    this.http = http;
    this.secret = secret;
    this.config = config;
    this.clock = clock;
  }

  /** Sends {@code body(now)} to {@code path} through {@code handler}; the report holds its status. */
  public Priming.Report prime(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, String path,
      LongFunction<String> body) {
    long now = clock.millis();
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("webhook", () -> handler.handleRequest(
        Priming.signedPost(path, body.apply(now), secret, config.publicBaseUrl(), now), null).getStatusCode());
    return Priming.run(http, steps);
  }
}
