package com.partnercredit.wiring;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.partnercredit.hubspot.ClientSecrets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import javax.inject.Inject;

/**
 * The SnapStart hooks of a signed webhook route. Before the snapshot, its priming ({@link Priming}):
 * one webhook, signed with the function's own secret for the URL it checks, sent through the
 * handler in a dry run of its HTTP client; each webhook function says only which path and which
 * body. After a restore, the secret is read again ({@link ClientSecrets#reread}): the snapshot holds
 * the one read when the version was published.
 */
public final class WebhookPriming {
  private final DryRunHttpClient http;
  private final ClientSecrets secrets;
  private final Config config;
  private final Clock clock;

  @Inject
  public WebhookPriming(DryRunHttpClient http, ClientSecrets secrets, Config config, Clock clock) {
    this.http = http;
    this.secrets = secrets;
    this.config = config;
    this.clock = clock;
  }

  /** Sends {@code body(now)} to {@code path} through {@code handler}; the report holds its status. */
  public Priming.Report prime(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, String path,
      LongFunction<String> body) {
    long now = clock.millis();
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("webhook", () -> handler.handleRequest(
        Priming.signedPost(path, body.apply(now), secrets.held().current(), config.publicBaseUrl(), now), null)
        .getStatusCode());
    return Priming.run(http, steps);
  }

  /** After a SnapStart restore: reads the secret again (a failure is logged; the one held stays). */
  public void restored() {
    secrets.reread();
  }
}
