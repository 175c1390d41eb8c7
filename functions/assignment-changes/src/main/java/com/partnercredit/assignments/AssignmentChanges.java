package com.partnercredit.assignments;

import com.partnercredit.hubspot.ChangeEvent;
import com.partnercredit.webhook.SignedWebhook;
import com.partnercredit.webhook.WebhookEvent;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Deadline;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.FactWrites;
import com.partnercredit.store.Keys;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /webhooks/assignments} (docs/api.md section 3): validates each change event, checks
 * that its actor may send it, and stores each accepted one as a fact with one conditional PutItem
 * ({@link FactStore#record}); a stored {@code eventId} is a duplicate and changes nothing. One bad
 * event never fails the others: it is listed in {@code rejected} with the reason, and an event that
 * cannot be read is also kept as a dead letter (docs/api.md section 1).
 *
 * <p>Permission checks see the facts as stored, plus those accepted earlier in the same request.
 * Reactivations, the only events whose check reads facts, are checked after every other event of
 * the request is stored, so the order of the events inside a request does not matter. Their reads
 * are made once per partner and once per client per request ({@link RequestFacts}).
 *
 * <p>An event outside the limits of docs/api.md section 6, or one the JSON reader refused, is a
 * rejection (and a dead letter); so is one whose item DynamoDB refuses for good, which is never
 * a 503: only throttling and failures are.
 *
 * <p>It counts into the request's {@link Measurement}: {@code Received}, {@code Stored} (facts newly
 * stored), {@code Duplicates}, {@code Deferred}, and {@code Rejections} and {@code DeadLetters}, also
 * by reason ({@code unreadable}, {@code invalid}, {@code forbidden}, {@code refused}). Each stored
 * fact, rejection and dead letter gets one structured log line, with ids and never an email
 * ({@link FactItems#auditFields}); a dead letter's line carries its table key, not its raw JSON.
 */
public final class AssignmentChanges implements SignedWebhook.Batch {
  public static final String ROUTE = "assignments";
  /** The function and route key its metrics are published under. */
  public static final String FUNCTION = "assignment-changes";
  public static final String ROUTE_KEY = "POST /webhooks/assignments";

  /** Why an event is rejected (or a dead letter), as a metric dimension. */
  static final String UNREADABLE = "unreadable";
  static final String INVALID = "invalid";
  static final String FORBIDDEN = "forbidden";
  static final String REFUSED = "refused";

  private final FactStore store;
  private final BatchWriter writer;
  private final Clock clock;

  @Inject
  public AssignmentChanges(FactStore store, BatchWriter writer, Clock clock) {
    this.store = store;
    this.writer = writer;
    this.clock = clock;
  }

  /**
   * Stores under {@code deadline}: the facts of the request are independent (one item each), so they
   * are put together ({@link FactWrites}), in two rounds: every event whose right the actor shows by
   * itself, then those whose right depends on facts, with what the first round stored known. At the
   * deadline, 503; what was stored stays, and the retry finds it as duplicates.
   */
  @Override
  public Map<String, Object> process(List<WebhookEvent> events, Deadline deadline, Measurement measurement)
      throws StorageUnavailable {
    Request request = new Request(new RequestFacts(store), deadline, measurement);
    Map<Integer, ChangeEvent> needFacts = new LinkedHashMap<>();
    for (WebhookEvent sent : events) {
      int index = sent.index();
      if (!sent.readable()) {
        request.malformed(sent, sent.unreadable(), UNREADABLE);
        continue;
      }
      ChangeEvent event;
      try {
        event = ChangeEvent.parse(sent.json(), request.receivedAt);
      } catch (ChangeEvent.Invalid e) {
        request.malformed(sent, e.getMessage(), INVALID);
        continue;
      }
      Optional<String> forbidden = ChangePermissions.byActor(event);
      if (forbidden.isPresent()) {
        request.reject(index, event.eventId(), forbidden.get(), FORBIDDEN);
      } else if (ChangePermissions.needsFacts(event)) {
        needFacts.put(index, event);
      } else {
        request.store(index, event, null);
      }
    }
    request.flush();
    for (Map.Entry<Integer, ChangeEvent> needing : needFacts.entrySet()) {
      ChangeEvent event = needing.getValue();
      long partnerId = event.actor().partnerId().orElseThrow();
      long clientId = Keys.idAfter("CLIENT#", FactItems.partition(event.fact()));
      Optional<String> notYet = ChangePermissions.partnerAdminRight(
          event, request.facts.partner(partnerId), request.facts.clientAccount(clientId));
      request.store(needing.getKey(), event, notYet.orElse(null));
    }
    request.flush();
    for (BatchWriter.Refused lost : writer.putAllExceptRefused(request.deadLetters, deadline)) {
      Log.error("a dead letter was refused by DynamoDB and is lost: " + lost.reason());
    }
    request.deadLetterLines.forEach(Log::line);
    measurement.count("Received", events.size()).count("Stored", request.accepted)
        .count("Duplicates", request.duplicates).count("Deferred", request.deferred.size())
        .count("Rejections", request.rejected.size()).count("DeadLetters", request.deadLetters.size());
    return request.body();
  }

  /** A fact waiting for {@link Request#flush}, with where it came from. */
  private record Pending(int index, ChangeEvent event, String key, String deferReason) {}

  /** What one request did so far. */
  private final class Request {
    final RequestFacts facts;
    final Instant receivedAt = clock.instant();
    final Set<String> storedKeys = new HashSet<>();
    final Map<Integer, Map<String, Object>> rejected = new TreeMap<>();
    final Map<Integer, Map<String, Object>> deferred = new TreeMap<>();
    final List<Map<String, AttributeValue>> deadLetters = new ArrayList<>();
    final Deadline deadline;
    final Measurement measurement;
    final List<Pending> pending = new ArrayList<>();
    final List<Map<String, Object>> deadLetterLines = new ArrayList<>();
    int accepted;
    int duplicates;

    Request(RequestFacts facts, Deadline deadline, Measurement measurement) {
      this.facts = facts;
      this.deadline = deadline;
      this.measurement = measurement;
    }

    /** A structured log line of this request: its kind, the request id and the route. */
    Map<String, Object> line(String kind) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("log", kind);
      line.put("route", ROUTE);
      line.put("requestId", measurement.properties().get("requestId"));
      return line;
    }

    /**
     * Queues the event's fact for {@link #flush}; a repeat inside the request is a duplicate without
     * a write. {@code deferReason}, when not null, lists the event as deferred once it is stored.
     */
    void store(int index, ChangeEvent event, String deferReason) {
      // the table's key: a repeat inside the request costs no write
      String key = FactItems.partition(event.fact()) + "|" + event.eventId();
      if (!storedKeys.add(key)) {
        duplicates++;
      } else {
        pending.add(new Pending(index, event, key, deferReason));
      }
    }

    /** Puts the pending events' facts, in parallel under the deadline, and counts them. */
    void flush() throws StorageUnavailable {
      List<FactWrites.Write> writes = new ArrayList<>(pending.size());
      for (Pending p : pending) {
        writes.add(new FactWrites.Write(p.event().fact(), p.event().actor().audit()));
      }
      List<FactWrites.Outcome> outcomes = FactWrites.recordAll(store, writes, deadline);
      for (int i = 0; i < pending.size(); i++) {
        Pending p = pending.get(i);
        FactWrites.Outcome outcome = outcomes.get(i);
        if (outcome.isRefused()) {
          storedKeys.remove(p.key());
          reject(p.index(), p.event().eventId(), outcome.refused(), REFUSED);
          continue;
        }
        if (outcome.stored()) {
          accepted++;
          facts.add(p.event().fact());
          Map<String, Object> line = line("fact");
          line.putAll(FactItems.auditFields(p.event().fact()));
          line.put("actor", p.event().actor().audit());
          Log.line(line);
        } else {
          // already stored: the stored version (what a read returns) counts, not this payload
          duplicates++;
        }
        if (p.deferReason() != null) {
          defer(p.index(), p.event().eventId(), p.deferReason());
        }
      }
      pending.clear();
    }

    void reject(int index, Object eventId, String reason, String category) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("eventId", eventId == null ? null : eventId.toString());
      entry.put("reason", reason);
      rejected.put(index, entry);
      measurement.countBy("Rejections", category, 1);
      Map<String, Object> line = line("rejected");
      line.put("index", index);
      line.put("eventId", entry.get("eventId"));
      line.put("reason", category);
      line.put("detail", reason); // names the field; Log redacts any email it echoes
      Log.line(line);
    }

    void defer(int index, String eventId, String reason) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("eventId", eventId);
      entry.put("reason", reason);
      deferred.put(index, entry);
    }

    void malformed(WebhookEvent sent, String reason, String category) {
      reject(sent.index(), sent.eventId(), reason, category);
      Map<String, AttributeValue> item = DeadLetters.item(ROUTE, sent.raw(), reason, receivedAt);
      deadLetters.add(item);
      measurement.countBy("DeadLetters", category, 1);
      Map<String, Object> line = line("dead_letter");
      line.put("pk", item.get(Attr.PK).s());
      line.put("sk", item.get(Attr.SK).s());
      line.put("reason", category);
      line.put("index", sent.index());
      line.put("eventId", sent.eventId());
      deadLetterLines.add(line);
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
