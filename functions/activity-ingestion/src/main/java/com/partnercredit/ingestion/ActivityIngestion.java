package com.partnercredit.ingestion;

import com.partnercredit.http.HttpResponse;
import com.partnercredit.hubspot.ActivityCatalogue;
import com.partnercredit.hubspot.ActivityEvent;
import com.partnercredit.webhook.SignedWebhook;
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
 * deadLetters + ignored.*}.
 */
public final class ActivityIngestion implements SignedWebhook.Batch {
  public static final String ROUTE = "hubspot";

  private final ActivityCatalogue catalogue;
  private final BatchWriter writer;
  private final Clock clock;

  @Inject
  public ActivityIngestion(ActivityCatalogue catalogue, BatchWriter writer, Clock clock) {
    this.catalogue = catalogue;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Map<String, Object> process(List<Map<String, Object>> events) throws StorageUnavailable {
    return process(events, Deadline.NONE);
  }

  /** Stores under {@code deadline}: at the deadline, 503; what was written stays, identical on a retry. */
  @Override
  public Map<String, Object> process(List<Map<String, Object>> events, Deadline deadline) throws StorageUnavailable {
    Instant receivedAt = clock.instant();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    List<Map<String, Object>> deadLetterReports = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    int qualifying = 0;
    int duplicates = 0;
    int notQualifying = 0;
    int unknownType = 0;
    int notAttributable = 0;
    for (int index = 0; index < events.size(); index++) {
      Map<String, Object> json = events.get(index);
      ActivityEvent event;
      try {
        event = ActivityEvent.parse(json);
      } catch (ActivityEvent.Malformed e) {
        String raw = HttpResponse.toJson(json);
        items.add(DeadLetters.item(ROUTE, raw, e.getMessage(), receivedAt));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("index", index);
        report.put("eventId", json.get("eventId"));
        report.put("reason", e.getMessage());
        deadLetterReports.add(report);
        Log.warn("dead letter: " + e.getMessage() + " event=" + raw);
        continue;
      }
      if (!seen.add(event.eventId())) {
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
        items.add(ActivityStore.item(
            event.eventId(), event.portalId(), event.actingUserId().getAsLong(), event.type(), entry.tool(),
            event.occurredAt(), event.subscriptionId(), event.objectId(), event.changeSource()));
      }
    }
    writer.putAll(items, deadline);

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
}
