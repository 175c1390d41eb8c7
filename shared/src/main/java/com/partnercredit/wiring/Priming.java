package com.partnercredit.wiring;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.partnercredit.http.ApiGatewayHttp;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.EmfMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every function's SnapStart priming hook shares (docs/benchmarks.md, "Cold start"). Lambda
 * calls the handlers' {@code org.crac} {@code beforeCheckpoint} once, after init and before it
 * snapshots the environment; the hook runs the function's own request path (a sample request
 * through its handler, its engine on a few in-memory facts) under {@link DryRunHttpClient#during},
 * so that the first request after a restore finds its classes loaded and its code compiled. A step
 * that fails is reported, never thrown: priming must not fail the snapshot. Its sample requests
 * emit no metrics ({@link EmfMetrics#mutedDuring}): they are not traffic.
 */
public final class Priming {
  /** The host of the sample requests: reserved, it never resolves. */
  public static final String SAMPLE_HOST = "priming.invalid";
  /** The API Gateway request id of the sample requests: code with side effects beyond AWS calls can skip them. */
  public static final String REQUEST_ID = "priming";

  private Priming() {}

  /**
   * What a priming run did.
   *
   * @param steps each step's result, in order: an HTTP status, a count, or {@code failed: ...}
   * @param answeredByDryRun the AWS requests answered inside the process (by the dry run), none sent to AWS
   * @param millis its duration
   */
  public record Report(Map<String, Object> steps, long answeredByDryRun, long millis) {
    /** Nothing primed (a handler built from its parts, in tests). */
    public static final Report NONE = new Report(Map.of(), 0, 0);

    public boolean failed() {
      return steps.values().stream().anyMatch(v -> v instanceof String s && s.startsWith("failed"));
    }
  }

  /** A step: its result goes in the report. */
  @FunctionalInterface
  public interface Step {
    Object run() throws Exception;
  }

  /**
   * Runs {@code steps} in order (give a {@code LinkedHashMap}), all inside one dry run of {@code
   * http}, each on its own: a failing step is reported and logged, and the next one runs.
   */
  public static Report run(DryRunHttpClient http, Map<String, Step> steps) {
    long started = System.nanoTime();
    long answeredBefore = http.answered();
    Map<String, Object> results = new LinkedHashMap<>();
    try {
      http.during(() -> EmfMetrics.mutedDuring(() -> {
        for (Map.Entry<String, Step> step : steps.entrySet()) {
          try {
            results.put(step.getKey(), step.getValue().run());
          } catch (Exception | LinkageError e) {
            results.put(step.getKey(), "failed: " + e);
            Log.warn("SnapStart priming: step " + step.getKey() + " failed: " + e);
          }
        }
        return null;
      }));
    } catch (Exception e) {
      results.put("dry run", "failed: " + e);
    }
    return new Report(Collections.unmodifiableMap(results), http.answered() - answeredBefore,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * A webhook as HubSpot sends it, through API Gateway, signed with the function's own secret for
   * the URL the handler will check ({@code PUBLIC_BASE_URL}, else {@link #SAMPLE_HOST}).
   */
  public static APIGatewayV2HTTPEvent signedPost(String path, String body, ClientSecret secret,
      Optional<String> publicBaseUrl, long nowMillis) {
    APIGatewayV2HTTPEvent unsigned = post(path, body, Map.of());
    String url = ApiGatewayHttp.request(unsigned, publicBaseUrl).url();
    return post(path, body, Map.of(
        "content-type", "application/json",
        SignatureV3.TIMESTAMP_HEADER, Long.toString(nowMillis),
        SignatureV3.SIGNATURE_HEADER, SignatureV3.sign(secret, "POST", url, body, nowMillis)));
  }

  private static APIGatewayV2HTTPEvent post(String path, String body, Map<String, String> headers) {
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("POST " + path)
        .withRawPath(path)
        .withRawQueryString("")
        .withHeaders(headers)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withDomainName(SAMPLE_HOST)
            .withRequestId(REQUEST_ID)
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath(path).build())
            .build())
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }

  /** A {@code GET} through API Gateway with a verified token's claims, as the JWT authorizer passes them. */
  public static APIGatewayV2HTTPEvent authorizedGet(String routeKey, String path, Map<String, String> pathParameters,
      Map<String, String> query, Map<String, String> claims) {
    String rawQuery = String.join("&", query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(routeKey)
        .withRawPath(path)
        .withRawQueryString(rawQuery)
        .withQueryStringParameters(query)
        .withPathParameters(pathParameters)
        .withHeaders(Map.of("accept", "application/json"))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withDomainName(SAMPLE_HOST)
            .withRequestId(REQUEST_ID)
            .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build())
                .build())
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath(path).build())
            .build())
        .withIsBase64Encoded(false)
        .build();
  }
}
