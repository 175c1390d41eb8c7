package com.partnercredit.assignments;

import com.partnercredit.domain.ClientUserReactivated;
import com.partnercredit.http.HttpResponse;
import com.partnercredit.hubspot.ChangeEvent;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.FactWrites;
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
  public Map<String, Object> process(List<Map<String, Object>> events) throws StorageUnavailable {
    return process(events, Deadline.NONE);
  }

  /**
   * Stores under {@code deadline}: the facts of the request are independent (one item each), so they
   * are put together ({@link FactWrites}), in two rounds: every event, then the reactivations their
   * checks allow. At the deadline, 503; what was stored stays, and the retry finds it as duplicates.
   */
  @Override
  public Map<String, Object> process(List<Map<String, Object>> events, Deadline deadline) throws StorageUnavailable {
    Request request = new Request(new RequestFacts(store), deadline);
    Map<Integer, ChangeEvent> reactivations = new LinkedHashMap<>();
    for (int index = 0; index < events.size(); index++) {
      Map<String, Object> json = events.get(index);
      ChangeEvent event;
      try {
        event = ChangeEvent.parse(json);
      } catch (ChangeEvent.Invalid e) {
        request.malformed(index, json, e.getMessage());
        continue;
      }
      Optional<String> forbidden = ChangePermissions.byActor(event);
      if (forbidden.isPresent()) {
        request.reject(index, event.eventId(), forbidden.get());
      } else if (ChangePermissions.needsFacts(event)) {
        reactivations.put(index, event);
      } else {
        request.store(event);
      }
    }
    request.flush();
    for (Map.Entry<Integer, ChangeEvent> deferred : reactivations.entrySet()) {
      ChangeEvent event = deferred.getValue();
      long partnerId = event.actor().partnerId().orElseThrow();
      long clientId = ((ClientUserReactivated) event.fact()).clientId();
      Optional<String> forbidden = ChangePermissions.reactivation(
          event, request.facts.partner(partnerId), request.facts.clientAccount(clientId));
      if (forbidden.isPresent()) {
        request.reject(deferred.getKey(), event.eventId(), forbidden.get());
      } else {
        request.store(event);
      }
    }
    request.flush();
    writer.putAll(request.deadLetters, deadline);
    return request.body();
  }

  /** What one request did so far. */
  private final class Request {
    final RequestFacts facts;
    final Instant receivedAt = clock.instant();
    final Set<String> storedKeys = new HashSet<>();
    final Map<Integer, Map<String, Object>> rejected = new TreeMap<>();
    final List<Map<String, AttributeValue>> deadLetters = new ArrayList<>();
    final Deadline deadline;
    final List<ChangeEvent> pending = new ArrayList<>();
    int accepted;
    int duplicates;

    Request(RequestFacts facts, Deadline deadline) {
      this.facts = facts;
      this.deadline = deadline;
    }

    void store(ChangeEvent event) throws StorageUnavailable {
      // the table's key: a repeat inside the request costs no write
      String key = FactItems.partition(event.fact()) + "|" + event.eventId();
      if (!storedKeys.add(key)) {
        duplicates++;
      } else {
        pending.add(event);
      }
    }

    /** Puts the pending events' facts, in parallel under the deadline, and counts them. */
    void flush() throws StorageUnavailable {
      List<FactWrites.Write> writes = new ArrayList<>(pending.size());
      for (ChangeEvent event : pending) {
        writes.add(new FactWrites.Write(event.fact(), event.actor().audit()));
      }
      List<Boolean> stored = FactWrites.recordAll(store, writes, deadline);
      for (int i = 0; i < pending.size(); i++) {
        if (stored.get(i)) {
          accepted++;
          facts.add(pending.get(i).fact());
        } else {
          // already stored: the stored version (what a read returns) counts, not this payload
          duplicates++;
        }
      }
      pending.clear();
    }

    void reject(int index, Object eventId, String reason) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("eventId", eventId == null ? null : eventId.toString());
      entry.put("reason", reason);
      rejected.put(index, entry);
      Log.warn("assignment event " + index + " rejected: " + reason);
    }

    void malformed(int index, Map<String, Object> json, String reason) {
      reject(index, json.get("eventId"), reason);
      deadLetters.add(DeadLetters.item(ROUTE, HttpResponse.toJson(json), reason, receivedAt));
    }

    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("accepted", accepted);
      body.put("duplicates", duplicates);
      body.put("rejected", new ArrayList<>(rejected.values()));
      return body;
    }
  }
}
