package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.publisher.DaggerPublisherComponent;
import com.partnercredit.publisher.PublicationRun;
import com.partnercredit.publisher.PublishReport;
import com.partnercredit.publisher.PublishedEvent;
import com.partnercredit.testsupport.Emulator;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * {@code POST /publish?asOf=...} (docs/api.md section 7): runs the points publisher as the schedule
 * would at {@code asOf} (default now), against the emulator's table and event bus, and answers with
 * every event it put on the bus, in publication order (by partnerId; a partner's
 * {@code PartnerTierPoints} first, then its {@code ManagedCreditExpiring} by clientId). Each event is
 * also printed on the console, as downstream systems would receive it, and so is the run's
 * Embedded Metric Format line, as the publisher writes it in Lambda.
 */
final class PublishRoute implements LocalStack.Endpoint {
  static final String DEFAULT_BUS = "partner-credit-local";

  private final PublicationRun publisher;
  private final PrintStream console;

  private PublishRoute(PublicationRun publisher, PrintStream console) {
    this.publisher = publisher;
    this.console = console;
  }

  /** Creates the bus on the emulator if missing; the publisher reads its name from EVENT_BUS_NAME. */
  static PublishRoute create(Emulator emulator, String busName, PrintStream console) {
    try (EventBridgeClient events = EventBridgeClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(emulator.endpoint())
        .region(emulator.region())
        .credentialsProvider(emulator.credentials())
        .build()) {
      try {
        events.describeEventBus(b -> b.name(busName));
      } catch (ResourceNotFoundException missing) {
        events.createEventBus(b -> b.name(busName));
      }
    }
    System.setProperty("EVENT_BUS_NAME", busName);
    return new PublishRoute(DaggerPublisherComponent.create().run(), console);
  }

  /** One run at a time (the schedule starts one a day): a second {@code POST /publish} waits for the first. */
  @Override
  public synchronized HttpApiResponse handle(HttpApiEvent.Request request, RouteTable.Match<LocalStack.Endpoint> match)
      throws Exception {
    String asOfParameter = HttpApiEvent.queryParameters(request.rawQueryString()).get("asOf");
    Instant asOf;
    try {
      asOf = asOfParameter == null || asOfParameter.isBlank() ? Instant.now() : Instant.parse(asOfParameter.trim());
    } catch (DateTimeParseException e) {
      return HttpApiResponse.json(400, "{\"message\":\"asOf must be an ISO-8601 instant such as 2026-11-28T10:00:00Z\"}");
    }
    List<Map<String, Object>> published = new ArrayList<>();
    PublishReport report = publisher.run(asOf, "local-" + java.util.UUID.randomUUID(), (result, events) -> {
      for (PublishedEvent event : events) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("detailType", event.detailType());
        e.put("detail", event.detail());
        published.add(e);
        console.println("  event  " + PublishedEvent.SOURCE + " " + event.detailType() + " " + event.detailJson());
      }
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("asOf", asOf.toString());
    body.put("snapshots", report.snapshots());
    body.put("events", published);
    body.put("failedPartners", report.summary().get("failedPartners"));
    return HttpApiResponse.json(200, json(body));
  }

  private static String json(Object value) throws IOException {
    return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(value); // "previousTier": null stays
  }
}
