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
 * {@code POST /webhooks/hubspot} (contracts.md section 2): classifies each event with the
 * catalogue, attributes it to the client user of its {@code sourceId}, and stores every
 * qualifying, attributable activity, with the unreadable events as dead letters, in as few
 * BatchWriteItem calls as the items need (25 items each). Nothing is read.
 *
 * <p>Every event received is counted exactly once: {@code received = qualifying + duplicates +
 * deadLetters + ignored.*}. An event the JSON reader refused, one outside the limits of
 * contracts.md section 6, and one whose item DynamoDB refuses for good are dead letters; the
 * others are stored all the same.
 */
public final class ActivityIngestion implements SignedWebhook.Batch {
  public static final String ROUTE = "hubspot";

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
  public Map<String, Object> process(List<WebhookEvent> events, Deadline deadline) throws StorageUnavailable {
    Instant receivedAt = clock.instant();
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
          throw new ActivityEvent.Malformed(sent.unreadable());
        }
        event = ActivityEvent.parse(sent.json(), receivedAt);
      } catch (ActivityEvent.Malformed e) {
        items.add(deadLetter(sent, e.getMessage(), receivedAt, deadLetterReports));
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
      lateDeadLetters.add(deadLetter(sent, refused.reason(), receivedAt, deadLetterReports));
    }
    for (BatchWriter.Refused lost : writer.putAllExceptRefused(lateDeadLetters, deadline)) {
      Log.error("a dead letter was refused by DynamoDB and is lost: " + lost.reason());
    }
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
    return body;
  }

  /** The dead letter of {@code sent}, and its line in the response's {@code deadLetterReasons}. */
  private static Map<String, AttributeValue> deadLetter(
      WebhookEvent sent, String reason, Instant receivedAt, List<Map<String, Object>> reports) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("index", sent.index());
    report.put("eventId", sent.eventId());
    report.put("reason", reason);
    reports.add(report);
    Log.warn("dead letter " + sent.index() + ": " + reason + " (" + sent.raw().length() + " characters)");
    return DeadLetters.item(ROUTE, sent.raw(), reason, receivedAt);
  }
}
