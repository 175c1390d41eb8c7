package com.partnercredit.webhook;

import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JSONObjectException;
import com.partnercredit.http.HttpRequest;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * What both signed webhook routes do before and after their own work (contracts.md section 1):
 * 413 for a body over 1 MiB, 401 for a bad signature, 400 for a body that is not a JSON array of
 * objects, 413 for more than 1000 events, then the route's batch, then 200, or 503 with
 * {@code Retry-After} when storage fails. Nothing is stored unless the request gets this far.
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

  /** A route's work on a verified, parsed array of events; returns the JSON body of the 200. */
  @FunctionalInterface
  public interface Batch {
    Map<String, Object> process(List<Map<String, Object>> events) throws StorageUnavailable;

    /** The same, with every storage call under {@code deadline}; a route that honours it overrides this. */
    default Map<String, Object> process(List<Map<String, Object>> events, Deadline deadline)
        throws StorageUnavailable {
      return process(events);
    }
  }

  private static final JSON PARSER = JSON.builder()
      .enable(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
      .build();

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
    List<Map<String, Object>> events;
    try {
      events = parseArrayOfObjects(request.body());
    } catch (IllegalArgumentException e) {
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

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parseArrayOfObjects(String body) {
    Object parsed;
    try {
      parsed = PARSER.anyFrom(body);
    } catch (JSONObjectException e) {
      throw new IllegalArgumentException("body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new IllegalArgumentException("body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof List<?> list)) {
      throw new IllegalArgumentException("body must be a JSON array of event objects");
    }
    List<Map<String, Object>> events = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> event)) {
        throw new IllegalArgumentException("body must be a JSON array of event objects; element " + i + " is not an object");
      }
      events.add((Map<String, Object>) event);
    }
    return events;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
