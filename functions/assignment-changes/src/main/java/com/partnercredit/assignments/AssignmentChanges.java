package com.partnercredit.assignments;

import com.partnercredit.hubspot.ChangeEvent;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.webhook.WebhookEvent;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.ItemRefused;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.log.Log;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /webhooks/assignments} (contracts.md section 3): validates each change event, checks
 * that its actor may send it, and stores each accepted one as a fact with one conditional PutItem
 * ({@link FactStore#record}); a stored {@code eventId} is a duplicate and changes nothing. One bad
 * event never fails the others: it is listed in {@code rejected} with the reason, and an event that
 * cannot be read is also kept as a dead letter (contracts.md section 1).
 *
 * <p>Permission checks see the facts as stored, plus those accepted earlier in the same request.
 * Reactivations, the only events whose check reads facts, are checked after every other event of
 * the request is stored, so the order of the events inside a request does not matter. Their reads
 * are made once per partner and once per client per request ({@link RequestFacts}).
 *
 * <p>An event outside the limits of contracts.md section 6, or one the JSON reader refused, is a
 * rejection (and a dead letter); so is one whose item DynamoDB refuses for good, which is never
 * a 503: only throttling and failures are.
 */
public final class AssignmentChanges implements SignedWebhook.Batch {
  public static final String ROUTE = "assignments";

  private final FactStore store;
  private final BatchWriter writer;
  private final Clock clock;

  @Inject
  public AssignmentChanges(FactStore store, BatchWriter writer, Clock clock) {
    this.store = store;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Map<String, Object> process(List<WebhookEvent> events) throws StorageUnavailable {
    Request request = new Request(new RequestFacts(store));
    Map<Integer, ChangeEvent> needFacts = new LinkedHashMap<>();
    for (WebhookEvent sent : events) {
      int index = sent.index();
      if (!sent.readable()) {
        request.malformed(sent, sent.unreadable());
        continue;
      }
      ChangeEvent event;
      try {
        event = ChangeEvent.parse(sent.json(), request.receivedAt);
      } catch (ChangeEvent.Invalid e) {
        request.malformed(sent, e.getMessage());
        continue;
      }
      Optional<String> forbidden = ChangePermissions.byActor(event);
      if (forbidden.isPresent()) {
        request.reject(index, event.eventId(), forbidden.get());
      } else if (ChangePermissions.needsFacts(event)) {
        needFacts.put(index, event);
      } else {
        request.store(index, event);
      }
    }
    for (Map.Entry<Integer, ChangeEvent> needing : needFacts.entrySet()) {
      ChangeEvent event = needing.getValue();
      long partnerId = event.actor().partnerId().orElseThrow();
      long clientId = Keys.idAfter("CLIENT#", FactItems.partition(event.fact()));
      Optional<String> notYet = ChangePermissions.partnerAdminRight(
          event, request.facts.partner(partnerId), request.facts.clientAccount(clientId));
      if (request.store(needing.getKey(), event)) {
        notYet.ifPresent(reason -> request.defer(needing.getKey(), event.eventId(), reason));
      }
    }
    for (BatchWriter.Refused lost : writer.putAllExceptRefused(request.deadLetters)) {
      Log.error("a dead letter was refused by DynamoDB and is lost: " + lost.reason());
    }
    return request.body();
  }

  /** What one request did so far. */
  private final class Request {
    final RequestFacts facts;
    final Instant receivedAt = clock.instant();
    final Set<String> storedKeys = new HashSet<>();
    final Map<Integer, Map<String, Object>> rejected = new TreeMap<>();
    final Map<Integer, Map<String, Object>> deferred = new TreeMap<>();
    final List<Map<String, AttributeValue>> deadLetters = new ArrayList<>();
    int accepted;
    int duplicates;

    Request(RequestFacts facts) {
      this.facts = facts;
    }

    /** Stores the event's fact; false when DynamoDB refused it (then it is rejected). */
    boolean store(int index, ChangeEvent event) throws StorageUnavailable {
      // the table's key: a repeat inside the request costs no write
      String key = FactItems.partition(event.fact()) + "|" + event.eventId();
      if (!storedKeys.add(key)) {
        duplicates++;
        return true;
      }
      boolean stored;
      try {
        stored = store.record(event.fact(), event.actor().audit());
      } catch (ItemRefused refused) {
        storedKeys.remove(key);
        reject(index, event.eventId(), refused.getMessage());
        return false;
      }
      if (stored) {
        accepted++;
        facts.add(event.fact());
      } else {
        // already stored: the stored version (what a read returns) counts, not this payload
        duplicates++;
      }
      return true;
    }

    void reject(int index, Object eventId, String reason) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("eventId", eventId == null ? null : eventId.toString());
      entry.put("reason", reason);
      rejected.put(index, entry);
      Log.warn("assignment event " + index + " rejected: " + reason);
    }

    void defer(int index, String eventId, String reason) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("eventId", eventId);
      entry.put("reason", reason);
      deferred.put(index, entry);
    }

    void malformed(WebhookEvent sent, String reason) {
      reject(sent.index(), sent.eventId(), reason);
      deadLetters.add(DeadLetters.item(ROUTE, sent.raw(), reason, receivedAt));
    }

    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("accepted", accepted);
      body.put("duplicates", duplicates);
      body.put("rejected", new ArrayList<>(rejected.values()));
      if (!deferred.isEmpty()) { // as the contract's example: listed only when there are some
        body.put("deferred", new ArrayList<>(deferred.values()));
      }
      return body;
    }
  }
}
