package com.partnercredit.webhook;

import com.partnercredit.http.HttpRequest;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * What both signed webhook routes do before and after their own work (contracts.md section 1):
 * 413 for a body over 1 MiB, 401 for a bad signature, 400 for a body that is not a JSON array of
 * objects, 413 for more than 1000 events, then the route's batch, then 200, or 503 with
 * {@code Retry-After} when storage fails. Nothing is stored unless the request gets this far.
 *
 * <p>No input answers 5xx (contracts.md section 6): an event the JSON reader refuses inside a valid
 * array reaches the batch as an unreadable {@link WebhookEvent} ({@link WebhookBody}).
 */
public final class SignedWebhook {
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  public static final int MAX_EVENTS = 1000;
  public static final String RETRY_AFTER_SECONDS = "5";
  /**
   * The time a route has for its storage work, from the request's arrival: HubSpot waits 5 s, so
   * the answer (200, or 503 to be retried) leaves well within that and API Gateway's 30 s.
   */
  public static final Duration BUDGET = Duration.ofMillis(3500);

  /**
   * A route's work on a verified array of events, each read or unreadable; returns the JSON body of
   * the 200. An unreadable event is the route's dead letter, never a failed request.
   */
  @FunctionalInterface
  public interface Batch {
    /** The route's work, every storage call under {@code deadline}: past it, 503 and nothing more is tried. */
    Map<String, Object> process(List<WebhookEvent> events, Deadline deadline) throws StorageUnavailable;

    /** The same with no deadline (tools and tests). */
    default Map<String, Object> process(List<WebhookEvent> events) throws StorageUnavailable {
      return process(events, Deadline.NONE);
    }
  }

  private final SignatureV3 signature;

  @Inject
  public SignedWebhook(SignatureV3 signature) {
    this.signature = signature;
  }

  public HttpResponse handle(HttpRequest request, Batch batch) {
    Deadline deadline = Deadline.after(BUDGET);
    if (request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      return HttpResponse.error(413, "body is larger than 1 MiB");
    }
    Optional<SignatureV3.Rejection> rejection = signature.verify(
        request.method(), request.url(), request.body(),
        request.header(SignatureV3.SIGNATURE_HEADER), request.header(SignatureV3.TIMESTAMP_HEADER));
    if (rejection.isPresent()) {
      Log.warn("webhook rejected (401): " + rejection.get().message() + " url=" + request.url());
      return HttpResponse.error(401, "invalid HubSpot signature: " + rejection.get().message());
    }
    List<WebhookEvent> events;
    try {
      events = WebhookBody.events(request.body());
    } catch (WebhookBody.NotAnArrayOfObjects e) {
      return HttpResponse.error(400, e.getMessage());
    }
    if (events.size() > MAX_EVENTS) {
      return HttpResponse.error(413, "more than " + MAX_EVENTS + " events in one request");
    }
    try {
      return HttpResponse.json(200, batch.process(events, deadline));
    } catch (StorageUnavailable e) {
      Log.error("storage unavailable, answering 503: " + e.getMessage()
          + (e.getCause() == null ? "" : " cause=" + e.getCause()));
      return HttpResponse.error(503, "storage is unavailable; retry later")
          .withHeader("retry-after", RETRY_AFTER_SECONDS);
    }
  }
}
