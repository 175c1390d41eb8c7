package com.partnercredit.ingestion;

import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ActivityEvent;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.webhook.WebhookEvent;
import com.partnercredit.store.ActivityStore;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.store.Attr;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /webhooks/hubspot} (docs/api.md section 2): classifies each event with the
 * catalogue, attributes it to the client user of its {@code sourceId}, and stores every
 * qualifying, attributable activity, with the unreadable events as dead letters, in as few
 * BatchWriteItem calls as the items need (25 items each). Nothing is read.
 *
 * <p>Every event received is counted exactly once: {@code received = qualifying + duplicates +
 * deadLetters + ignored.*}. An event the JSON reader refused, one outside the limits of
 * docs/api.md section 6, and one whose item DynamoDB refuses for good are dead letters; the
 * others are stored all the same.
 *
 * <p>It counts into the request's {@link Measurement}: {@code Received}, {@code Qualifying},
 * {@code Stored}, {@code Duplicates}, {@code Ignored} and {@code DeadLetters}, the last two also by
 * reason. Each dead letter gets one log line with its table key; its raw JSON stays in the table.
 */
public final class ActivityIngestion implements SignedWebhook.Batch {
  public static final String ROUTE = "hubspot";
  /** The function and route key its metrics are published under. */
  public static final String FUNCTION = "activity-ingestion";
  public static final String ROUTE_KEY = "POST /webhooks/hubspot";

  /** Why an event is a dead letter, as a metric dimension. */
  static final String UNREADABLE = "unreadable";
  static final String INVALID = "invalid";
  static final String REFUSED = "refused";

  private final ActivityCatalogue catalogue;
  private final ActivityStore activities;
  private final BatchWriter writer;
  private final Clock clock;

  @Inject
  public ActivityIngestion(ActivityCatalogue catalogue, ActivityStore activities, BatchWriter writer, Clock clock) {
    this.catalogue = catalogue;
    this.activities = activities;
    this.writer = writer;
    this.clock = clock;
  }

  /** Stores under {@code deadline}: at the deadline, 503; what was written stays, identical on a retry. */
  @Override
  public Map<String, Object> process(List<WebhookEvent> events, Deadline deadline, Measurement measurement)
      throws StorageUnavailable {
    Instant receivedAt = clock.instant();
    DeadLetterLog deadLetterLog = new DeadLetterLog(measurement);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<Map<String, AttributeValue>, WebhookEvent> eventOfItem = new java.util.HashMap<>();
    List<Map<String, Object>> deadLetterReports = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int qualifying = 0;
    int duplicates = 0;
    int notQualifying = 0;
    int unknownType = 0;
    int notAttributable = 0;
    for (WebhookEvent sent : events) {
      ActivityEvent event;
      try {
        if (!sent.readable()) {
          items.add(deadLetter(sent, sent.unreadable(), UNREADABLE, receivedAt, deadLetterReports, deadLetterLog));
          continue;
        }
        event = ActivityEvent.parse(sent.json(), receivedAt);
      } catch (ActivityEvent.Malformed e) {
        items.add(deadLetter(sent, e.getMessage(), INVALID, receivedAt, deadLetterReports, deadLetterLog));
        continue;
      }
      String identity = event.identity();
      if (!seen.add(identity)) {
        duplicates++;
        continue;
      }
      ActivityCatalogue.Entry entry = catalogue.lookup(event.type());
      if (entry == null) {
        unknownType++;
      } else if (!entry.qualifying()) {
        notQualifying++;
      } else if (event.actingUserId().isEmpty()) {
        notAttributable++;
      } else {
        qualifying++;
        Map<String, AttributeValue> item = activities.item(identity,
            event.eventId(), event.portalId(), event.actingUserId().getAsLong(), event.type(), entry.tool(),
            event.occurredAt(), event.subscriptionId(), event.objectId(), event.changeSource());
        items.add(item);
        eventOfItem.put(item, sent);
      }
    }
    List<Map<String, AttributeValue>> lateDeadLetters = new ArrayList<>();
    for (BatchWriter.Refused refused : writer.putAllExceptRefused(items, deadline)) {
      WebhookEvent sent = eventOfItem.get(refused.item());
      if (sent == null) {
        Log.error("a dead letter was refused by DynamoDB and is lost: " + refused.reason());
        continue;
      }
      qualifying--; // counted once, as a dead letter
      lateDeadLetters.add(deadLetter(sent, refused.reason(), REFUSED, receivedAt, deadLetterReports, deadLetterLog));
    }
    for (BatchWriter.Refused lost : writer.putAllExceptRefused(lateDeadLetters, deadline)) {
      Log.error("a dead letter was refused by DynamoDB and is lost: " + lost.reason());
    }
    deadLetterLog.write();
    deadLetterReports.sort(java.util.Comparator.comparingInt(r -> (Integer) r.get("index")));

    Map<String, Object> ignored = new LinkedHashMap<>();
    ignored.put("not_qualifying", notQualifying);
    ignored.put("unknown_type", unknownType);
    ignored.put("not_attributable", notAttributable);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("received", events.size());
    body.put("qualifying", qualifying);
    body.put("stored", qualifying);
    body.put("duplicates", duplicates);
    body.put("ignored", ignored);
    body.put("deadLetters", deadLetterReports.size());
    body.put("deadLetterReasons", deadLetterReports);

    measurement.count("Received", events.size()).count("Qualifying", qualifying).count("Stored", qualifying)
        .count("Duplicates", duplicates).count("Ignored", notQualifying + unknownType + notAttributable)
        .count("DeadLetters", deadLetterReports.size());
    countBy(measurement, "Ignored", "not_qualifying", notQualifying);
    countBy(measurement, "Ignored", "unknown_type", unknownType);
    countBy(measurement, "Ignored", "not_attributable", notAttributable);
    return body;
  }

  private static void countBy(Measurement measurement, String metric, String reason, int count) {
    if (count > 0) {
      measurement.countBy(metric, reason, count);
    }
  }

  /**
   * The dead letter of {@code sent}, its line in the response's {@code deadLetterReasons}, and its
   * log line (its key, never its raw JSON) once it is written.
   */
  private static Map<String, AttributeValue> deadLetter(WebhookEvent sent, String reason, String category,
      Instant receivedAt, List<Map<String, Object>> reports, DeadLetterLog log) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("index", sent.index());
    report.put("eventId", sent.eventId());
    report.put("reason", reason);
    reports.add(report);
    Map<String, AttributeValue> item = DeadLetters.item(ROUTE, sent.raw(), reason, receivedAt);
    log.add(sent, category, item);
    return item;
  }

  /** One log line per dead letter, written after the request's writes: its key, reason and index. */
  private static final class DeadLetterLog {
    private final Measurement measurement;
    private final List<Map<String, Object>> lines = new ArrayList<>();

    DeadLetterLog(Measurement measurement) {
      this.measurement = measurement;
    }

    void add(WebhookEvent sent, String category, Map<String, AttributeValue> item) {
      measurement.countBy("DeadLetters", category, 1);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("log", "dead_letter");
      line.put("route", ROUTE);
      line.put("requestId", measurement.properties().get("requestId"));
      line.put("pk", item.get(Attr.PK).s());
      line.put("sk", item.get(Attr.SK).s());
      line.put("reason", category);
      line.put("index", sent.index());
      line.put("eventId", sent.eventId());
      if (sent.readable() && sent.json().get("portalId") instanceof Number portal) {
        line.put("clientId", portal);
      }
      lines.add(line);
    }

    void write() {
      lines.forEach(Log::line);
    }
  }
}
