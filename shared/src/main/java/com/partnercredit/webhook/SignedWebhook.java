package com.partnercredit.webhook;

import com.partnercredit.http.HttpRequest;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.SignatureMarkers;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;

/**
 * What both signed webhook routes do before and after their own work (docs/api.md section 1):
 * 413 for a body over 1 MiB, 401 for a bad signature, 400 for a body that is not a JSON array of
 * objects, 413 for more than 1000 events, then the replay check (a signature already received
 * writes nothing: {@link SignatureMarkers}), then the route's batch, then 200, or 503 with
 * {@code Retry-After} when storage fails. Nothing is stored unless the request gets this far.
 *
 * <p>No input answers 5xx (docs/api.md section 6): an event the JSON reader refuses inside a valid
 * array reaches the batch as an unreadable {@link WebhookEvent} ({@link WebhookBody}).
 *
 * <p>Every request is measured and written once, whatever its answer ({@link Metrics}): the gate
 * counts {@value #REQUESTS}, the 401s by reason ({@code missing_header}, {@code invalid_timestamp},
 * {@code stale_timestamp}, {@code bad_signature}), the 400s, 413s and 503s, the requests signed with
 * the previous secret during a rotation, the replays ({@value #REPLAYED}), and the latency; the
 * route's batch adds its own counts.
 * The measurement's first line is the request's structured log line ({@code status},
 * {@code outcome}).
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

  /** Metric names of the gate (the routes add theirs). */
  public static final String REQUESTS = "Requests";
  public static final String UNAUTHORIZED = "Unauthorized";
  public static final String BAD_REQUEST = "BadRequest";
  public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
  public static final String UNAVAILABLE = "Unavailable";
  public static final String PREVIOUS_SECRET = "PreviousSecretAccepted";
  public static final String REPLAYED = "Replayed";
  public static final String LATENCY = "Latency";

  /**
   * A route's work on a verified array of events, each read or unreadable; returns the JSON body of
   * the 200. An unreadable event is the route's dead letter, never a failed request.
   */
  @FunctionalInterface
  public interface Batch {
    /**
     * The route's work, every storage call under {@code deadline} (past it, 503 and nothing more is
     * tried), counting what it did into the request's {@code measurement}.
     */
    Map<String, Object> process(List<WebhookEvent> events, Deadline deadline, Measurement measurement)
        throws StorageUnavailable;
  }

  private final SignatureV3 signature;
  private final Metrics metrics;
  private final Duration budget;
  private final SignatureMarkers markers;

  @Inject
  public SignedWebhook(SignatureV3 signature, Metrics metrics, SignatureMarkers markers) {
    this(signature, metrics, BUDGET, markers);
  }

  /** Without replay markers ({@link SignatureMarkers#NONE}): for tests of everything else. */
  public SignedWebhook(SignatureV3 signature, Metrics metrics) {
    this(signature, metrics, BUDGET, SignatureMarkers.NONE);
  }

  /**
   * With another time for the route's storage work than {@link #BUDGET}: for tests that count calls
   * against an emulator that serves one request at a time, where many concurrent requests wait in
   * its queue for longer than DynamoDB, which serves them in parallel, would take.
   */
  public SignedWebhook(SignatureV3 signature, Metrics metrics, Duration budget) {
    this(signature, metrics, budget, SignatureMarkers.NONE);
  }

  public SignedWebhook(SignatureV3 signature, Metrics metrics, Duration budget, SignatureMarkers markers) {
    this.signature = signature;
    this.metrics = metrics;
    this.budget = budget;
    this.markers = markers;
  }

  /**
   * Answers one request and writes its {@code measurement} (made by the handler with its route and
   * request id), filled by the gate and the batch, once the answer is known.
   */
  public HttpResponse handle(HttpRequest request, Batch batch, Measurement measurement) {
    long started = System.nanoTime();
    measurement.count(REQUESTS, 1).count(UNAUTHORIZED, 0).count(BAD_REQUEST, 0).count(PAYLOAD_TOO_LARGE, 0)
        .count(UNAVAILABLE, 0).count(PREVIOUS_SECRET, 0).count(REPLAYED, 0);
    HttpResponse response = null;
    try {
      response = gate(request, batch, measurement);
      return response;
    } finally {
      measurement.milliseconds(LATENCY, (System.nanoTime() - started) / 1_000_000);
      measurement.property("status", response == null ? 500 : response.status());
      measurement.property("outcome", outcome(response));
      metrics.emit(measurement);
    }
  }

  private HttpResponse gate(HttpRequest request, Batch batch, Measurement measurement) {
    Deadline deadline = Deadline.after(budget);
    if (request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      measurement.count(PAYLOAD_TOO_LARGE, 1);
      return HttpResponse.error(413, "body is larger than 1 MiB");
    }
    SignatureV3.Verdict verdict = signature.check(
        request.method(), request.url(), request.body(),
        request.header(SignatureV3.SIGNATURE_HEADER), request.header(SignatureV3.TIMESTAMP_HEADER));
    Optional<SignatureV3.Rejection> rejection = verdict.rejection();
    if (rejection.isPresent()) {
      measurement.count(UNAUTHORIZED, 1).countBy(UNAUTHORIZED, reason(rejection.get()), 1);
      Log.warn("webhook rejected (401): " + rejection.get().message() + " url=" + withoutQuery(request.url())
          + " queryLength=" + queryLength(request.url()));
      return HttpResponse.error(401, "invalid HubSpot signature: " + rejection.get().message());
    }
    if (verdict.previousSecret()) {
      measurement.count(PREVIOUS_SECRET, 1);
    }
    List<WebhookEvent> events;
    try {
      events = WebhookBody.events(request.body());
    } catch (WebhookBody.NotAnArrayOfObjects e) {
      measurement.count(BAD_REQUEST, 1);
      return HttpResponse.error(400, e.getMessage());
    }
    if (events.size() > MAX_EVENTS) {
      measurement.count(PAYLOAD_TOO_LARGE, 1);
      return HttpResponse.error(413, "more than " + MAX_EVENTS + " events in one request");
    }
    String signed = request.header(SignatureV3.SIGNATURE_HEADER).trim();
    long timestamp = Long.parseLong(request.header(SignatureV3.TIMESTAMP_HEADER).trim());
    String claim = UUID.randomUUID().toString();
    boolean claimed = false;
    boolean answered = false;
    try {
      SignatureMarkers.Claim seen = markers.claim(signed, timestamp, claim, deadline);
      if (seen != SignatureMarkers.Claim.FIRST) {
        measurement.count(REPLAYED, 1);
        return replayed(seen, events.size());
      }
      claimed = true;
      HttpResponse response = HttpResponse.json(200, batch.process(events, deadline, measurement));
      answered = true;
      return response;
    } catch (StorageUnavailable e) {
      measurement.count(UNAVAILABLE, 1);
      Log.error("storage unavailable, answering 503: " + e.getMessage()
          + (e.getCause() == null ? "" : " cause=" + e.getCause()));
      return HttpResponse.error(503, "storage is unavailable; retry later")
          .withHeader("retry-after", RETRY_AFTER_SECONDS);
    } finally {
      if (claimed) {
        settle(signed, timestamp, claim, answered);
      }
    }
  }

  /**
   * A request whose signature an earlier request holds (docs/api.md section 1, "Replays"): nothing is
   * written. 200 when that request answered 200 (everything both carry is stored: the body says
   * nothing was done again), 503 while it is still in flight (it may yet fail; the same signed
   * request, sent again, then finds it answered or released).
   */
  private static HttpResponse replayed(SignatureMarkers.Claim seen, int events) {
    if (seen == SignatureMarkers.Claim.ANSWERED) {
      return HttpResponse.json(200, Map.of("replayed", true, "received", events, "message",
          "this signed request was already received and stored; nothing was done again"));
    }
    return HttpResponse.error(503, "a request with this signature is being processed; retry later")
        .withHeader("retry-after", RETRY_AFTER_SECONDS);
  }

  /**
   * After the answer: the claimed marker says answered (a replay gets 200 and writes nothing), or is
   * released (a 503 or a failure: the same signed request may come again and must be stored). A
   * marker write that fails is logged; it never changes the answer.
   */
  private void settle(String signed, long timestamp, String claim, boolean answered) {
    try {
      if (answered) {
        markers.answered(signed, timestamp, claim);
      } else {
        markers.released(signed, timestamp, claim);
      }
    } catch (RuntimeException e) {
      Log.warn("replay marker not updated (" + (answered ? "answered" : "released") + "): " + e);
    }
  }

  /**
   * The URL as rebuilt (scheme, host and prefix from configuration, then the route's path) without
   * its query: what a 401's log line shows to check {@code PUBLIC_BASE_URL}. The query is the
   * caller's text, unverified, of any length: its log line says only how long it was (issue 21).
   */
  static String withoutQuery(String url) {
    int question = url.indexOf('?');
    return question < 0 ? url : url.substring(0, question);
  }

  /** The length of the URL's query, 0 without one. */
  static int queryLength(String url) {
    int question = url.indexOf('?');
    return question < 0 ? 0 : url.length() - question - 1;
  }

  /** The 401's reason as a metric dimension: a closed set of words. */
  static String reason(SignatureV3.Rejection rejection) {
    return switch (rejection) {
      case MISSING_SIGNATURE, MISSING_TIMESTAMP -> "missing_header";
      case INVALID_TIMESTAMP -> "invalid_timestamp";
      case OUTSIDE_WINDOW -> "stale_timestamp";
      case MISMATCH -> "bad_signature";
    };
  }

  private static String outcome(HttpResponse response) {
    if (response == null) {
      return "error";
    }
    return switch (response.status()) {
      case 200 -> "ok";
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 413 -> "too_large";
      case 503 -> "unavailable";
      default -> "status_" + response.status();
    };
  }
}
