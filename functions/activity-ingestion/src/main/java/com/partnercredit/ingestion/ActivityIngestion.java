package com.partnercredit.ingestion;

import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ActivityEvent;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.webhook.WebhookEvent;
import com.partnercredit.store.ActivityStore;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.PendingWrites;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import com.partnercredit.metrics.Measurement;
import com.partnercredit.store.Attr;
import java.time.Clock;
import java.time.Duration;
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
 * <p>A burst for one client (a contact import) throttles that client's one partition. What is not
 * written when {@link #SPILL_RESERVE} is left before the deadline is {@linkplain PendingWrites#spill
 * spilled}: kept durably, as the items to put, in partitions that are not the client's, for the drain
 * ({@link PendingDrain}) to write, and the answer is 200. Only when that fails too is it a 503, which
 * HubSpot answers by sending the whole request again (docs/operations.md, "A burst for one client").
 * Without throttling nothing is spilled: q distinct qualifying events are ⌈q/25⌉ BatchWriteItem
 * calls, and nothing is read.
 *
 * <p>It counts into the request's {@link Measurement}: {@code Received}, {@code Qualifying},
 * {@code Stored}, {@code Duplicates}, {@code Ignored}, {@code DeadLetters}, the last two also by
 * reason, and {@code Spilled} (items kept for the drain; 0 unless throttled). Each dead letter gets
 * one log line with its table key; its raw JSON stays in the table.
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
  /** The metric of the items a request kept for the drain. */
  static final String SPILLED = "Spilled";

  /**
   * Time kept back from the route's deadline for spilling what is not written by then: one
   * BatchWriteItem into partitions that are not hot, with room for a retry.
   */
  static final Duration SPILL_RESERVE = Duration.ofMillis(1000);

  private final ActivityCatalogue catalogue;
  private final ActivityStore activities;
  private final BatchWriter writer;
  private final PendingWrites pending; // null: nowhere to spill, a 503 instead (the design before; benchmarks compare)
  private final Clock clock;
  private final Duration spillReserve;

  @Inject
  public ActivityIngestion(ActivityCatalogue catalogue, ActivityStore activities, BatchWriter writer,
      PendingWrites pending, Clock clock) {
    this(catalogue, activities, writer, pending, clock, SPILL_RESERVE);
  }

  /**
   * With another reserve than {@link #SPILL_RESERVE}: for tests against an emulator that serves one
   * request at a time, where a burst's spills, all due at once, queue for longer than DynamoDB,
   * which serves them in parallel, would take (as {@code SignedWebhook}'s budget for such tests).
   */
  ActivityIngestion(ActivityCatalogue catalogue, ActivityStore activities, BatchWriter writer,
      PendingWrites pending, Clock clock, Duration spillReserve) {
    this.catalogue = catalogue;
    this.activities = activities;
    this.writer = writer;
    this.pending = pending;
    this.clock = clock;
    this.spillReserve = spillReserve;
  }

  /** Spilling into the table {@code writer} writes to. */
  public ActivityIngestion(ActivityCatalogue catalogue, ActivityStore activities, BatchWriter writer, Clock clock) {
    this(catalogue, activities, writer, new PendingWrites(writer, clock), clock);
  }

  /**
   * Without spilling: what is not written by the deadline is a 503, as before the pending writes
   * existed. For benchmarks that show the difference (docs/benchmarks.md), never deployed.
   */
  public static ActivityIngestion withoutSpilling(ActivityCatalogue catalogue, ActivityStore activities,
      BatchWriter writer, Clock clock) {
    return new ActivityIngestion(catalogue, activities, writer, null, clock);
  }

  /**
   * Stores under {@code deadline}: what is not written {@link #SPILL_RESERVE} (or the reserve this
   * was built with) before it is spilled;
   * when spilling fails too, 503, and what was written stays, identical on a retry.
   */
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
    Deadline writeBy = deadline.earlier(spillReserve);
    BatchWriter.Written written = writer.write(items, writeBy);
    List<Map<String, AttributeValue>> lateDeadLetters = new ArrayList<>();
    for (BatchWriter.Refused refused : written.refused()) {
      WebhookEvent sent = eventOfItem.get(refused.item());
      if (sent == null) {
        Log.error("a dead letter was refused by DynamoDB and is lost: " + refused.reason());
        continue;
      }
      qualifying--; // counted once, as a dead letter
      lateDeadLetters.add(deadLetter(sent, refused.reason(), REFUSED, receivedAt, deadLetterReports, deadLetterLog));
    }
    BatchWriter.Written late = writer.write(lateDeadLetters, writeBy);
    for (BatchWriter.Refused lost : late.refused()) {
      Log.error("a dead letter was refused by DynamoDB and is lost: " + lost.reason());
    }
    List<Map<String, AttributeValue>> unwritten = new ArrayList<>(written.unwritten());
    unwritten.addAll(late.unwritten());
    spill(unwritten, written.failure() != null ? written.failure() : late.failure(), deadline);
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
        .count("DeadLetters", deadLetterReports.size()).count(SPILLED, unwritten.size());
    countBy(measurement, "Ignored", "not_qualifying", notQualifying);
    countBy(measurement, "Ignored", "unknown_type", unknownType);
    countBy(measurement, "Ignored", "not_attributable", notAttributable);
    return body;
  }

  /**
   * Keeps what could not be written in time for the drain; throws (a 503) when there is nowhere to
   * keep it or keeping it fails as well.
   */
  private void spill(List<Map<String, AttributeValue>> unwritten, StorageUnavailable why, Deadline deadline)
      throws StorageUnavailable {
    if (unwritten.isEmpty()) {
      return;
    }
    if (pending == null) {
      throw why;
    }
    Log.warn("spilling " + unwritten.size() + " items for the drain: " + why.getMessage()
        + (why.getCause() == null ? "" : " cause=" + why.getCause()));
    pending.spill(unwritten, deadline);
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
