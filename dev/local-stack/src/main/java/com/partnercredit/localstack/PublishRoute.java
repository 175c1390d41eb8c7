package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.publisher.PublishedEvent;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.StateMachineRun;
import com.partnercredit.testsupport.Template;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * {@code POST /publish?asOf=...} (docs/api.md section 7): runs a publication as the schedule would at
 * {@code asOf} (default now), through the template's own state machine ({@value #STATE_MACHINE}, run in
 * process by {@link StateMachineRun} with the real handlers, loaded as Lambda loads them: the plan,
 * every shard, every bucket, the record), against the emulator's table and event bus, and answers
 * with every event the run put on the bus (seen by {@link PutEventsCapture} as the bus accepted them),
 * and how many it did not put because they were already put as of that time (a re-run with unchanged
 * facts answers no event), in a stable order: by partnerId, a partner's {@code PartnerTierPoints} first, then its
 * {@code ManagedCreditExpiring} by clientId. Each event is printed on the console, as downstream
 * systems would receive it, and so is each step's line and the run's Embedded Metric Format line, as
 * the steps write them in Lambda.
 */
final class PublishRoute implements LocalStack.Endpoint {
  static final String DEFAULT_BUS = "partner-credit-local";
  static final String STATE_MACHINE = "PublisherStateMachine";

  private final StateMachineRun stateMachine; // null: the template has none
  private final PrintStream console;

  private PublishRoute(StateMachineRun stateMachine, PrintStream console) {
    this.stateMachine = stateMachine;
    this.console = console;
  }

  /** Creates the bus on the emulator if missing; the publisher's handlers read its name from EVENT_BUS_NAME. */
  static PublishRoute create(Template template, Emulator emulator, String busName, PrintStream console) {
    try (EventBridgeClient events = emulator.configure(EventBridgeClient.builder()).build()) {
      try {
        events.describeEventBus(b -> b.name(busName));
      } catch (ResourceNotFoundException missing) {
        events.createEventBus(b -> b.name(busName));
      }
    }
    System.setProperty("EVENT_BUS_NAME", busName);
    if (!template.resourcesOfType("AWS::Serverless::StateMachine").containsKey(STATE_MACHINE)) {
      return new PublishRoute(null, console); // another template (tests of the stack itself): nothing to publish
    }
    Map<String, TemplateFunctions.Function> functions = new HashMap<>();
    TemplateFunctions.read(template).forEach(f -> functions.put(f.logicalId(), f));
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Map<String, LambdaFunction> loaded = new HashMap<>();
    StateMachineRun run = StateMachineRun.fromTemplate(template, STATE_MACHINE, (logicalId, payload) -> {
      TemplateFunctions.Function function = functions.get(logicalId);
      if (function == null) {
        throw new IllegalStateException(STATE_MACHINE + " invokes " + logicalId + ", which is no function of the template");
      }
      LambdaFunction lambda = loaded.computeIfAbsent(logicalId, id -> LambdaFunction.load(function.handler(), loader));
      String result = lambda.invoke(JSON.std.asString(payload), new LocalContext(UUID.randomUUID().toString(),
          logicalId, function.timeoutSeconds(), function.memoryMb()));
      return JSON.std.anyFrom(result);
    }).tracing(line -> console.println("  step   " + line));
    return new PublishRoute(run, console);
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
    if (stateMachine == null) {
      return HttpApiResponse.json(501, "{\"message\":\"this template has no " + STATE_MACHINE + "\"}");
    }
    return HttpApiResponse.json(200, json(publish(asOf)));
  }

  /** One execution of the state machine, with the events it put. */
  private Map<String, Object> publish(Instant asOf) throws Exception {
    PutEventsCapture.Captured<Object> run = PutEventsCapture.during(() -> stateMachine.run(scheduledEvent(asOf)));
    Map<?, ?> output = (Map<?, ?>) run.result(); // RecordRun's summary of the run
    List<Map<String, Object>> published = new ArrayList<>();
    for (PutEventsRequestEntry entry : run.events()) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("detailType", entry.detailType());
      event.put("detail", JSON.std.mapFrom(entry.detail()));
      published.add(event);
    }
    published.sort(Comparator.comparingLong((Map<String, Object> e) -> number(e, "partnerId"))
        .thenComparing(e -> !PublishedEvent.PARTNER_TIER_POINTS.equals(e.get("detailType")))
        .thenComparingLong(e -> number(e, "clientId")));
    for (Map<String, Object> event : published) {
      console.println("  event  " + PublishedEvent.SOURCE + " " + event.get("detailType") + " " + json(event.get("detail")));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("asOf", asOf.toString());
    body.put("snapshots", output.get("snapshots"));
    body.put("events", published);
    body.put("eventsAlreadyPut", output.get("eventsAlreadyPut"));
    body.put("failedPartners", output.get("failedPartners"));
    return body;
  }

  /** The EventBridge schedule's event, as the state machine gets it in AWS. */
  static Map<String, Object> scheduledEvent(Instant asOf) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", "Scheduled Event");
    event.put("source", "aws.events");
    event.put("account", "123456789012");
    event.put("time", asOf.toString());
    event.put("region", "us-east-1");
    event.put("resources", List.of());
    event.put("detail", Map.of());
    return event;
  }

  private static long number(Map<String, Object> event, String field) {
    Object value = ((Map<?, ?>) event.get("detail")).get(field);
    return value instanceof Number n ? n.longValue() : Long.MIN_VALUE;
  }

  private static String json(Object value) throws IOException {
    return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(value); // "previousTier": null stays
  }
}
