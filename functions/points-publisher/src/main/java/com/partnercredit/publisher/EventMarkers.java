package com.partnercredit.publisher;

import com.partnercredit.store.Attr;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the final step of a run already put on the bus, so that a retried step or a re-run of the same
 * {@code asOf} puts each event once: one small marker per event put, among the run's working items
 * ({@link RunPartitions}, with their TTL):
 *
 * <pre>
 * pk PUBLISH#&lt;asOf ms&gt;#PUT#&lt;bucket&gt;   sk EVENT#&lt;detail-type&gt;#&lt;partnerId&gt;[#&lt;clientId&gt;]   kind EVENT_PUT, content, expiresAt
 * </pre>
 *
 * The sort key is what identifies the event within the run (what consumers deduplicate on); {@code
 * content} is a digest of its {@code detail-type} and {@code detail} as put. An event whose marker has
 * the same content is not put again; one whose content changed (the facts as of that time changed
 * before the re-run) is put, and its marker overwritten. The step reads its bucket's markers once
 * (one Query, paged) and writes the markers of each PutEvents call once the bus accepted it (one
 * BatchWriteItem of at most 10 items).
 */
final class EventMarkers {
  static final String KIND = "EVENT_PUT";

  private final RunPartitions partitions;

  @Inject
  EventMarkers(RunPartitions partitions) {
    this.partitions = partitions;
  }

  /** The events put for one bucket of one run: each event's key to the digest of its content. */
  static final class Put {
    private final Map<String, String> content;

    private Put(Map<String, String> content) {
      this.content = content;
    }

    /** True when this very event (same key, same content) was put. */
    boolean has(PublishedEvent event) {
      return content(event).equals(content.get(key(event)));
    }
  }

  /** The markers of the events already put for {@code bucket} in the run of {@code asOf} (not past their TTL). */
  Put read(Instant asOf, int bucket) throws StorageUnavailable, RunIncomplete {
    Map<String, String> content = new HashMap<>();
    partitions.forEachLive(Keys.runEventsPut(asOf.toEpochMilli(), bucket), "the events put by bucket " + bucket,
        item -> content.put(item.get(Attr.SK).s(), item.get(Attr.CONTENT).s()));
    return new Put(content);
  }

  /** Records that the bus accepted {@code events} for {@code bucket} in the run of {@code asOf}. */
  void record(Instant asOf, int bucket, List<PublishedEvent> events) throws StorageUnavailable {
    String pk = Keys.runEventsPut(asOf.toEpochMilli(), bucket);
    long expiresAt = partitions.expiresAt(asOf);
    List<Map<String, AttributeValue>> items = new ArrayList<>(events.size());
    for (PublishedEvent event : events) {
      items.add(Map.of(
          Attr.PK, AttributeValue.fromS(pk),
          Attr.SK, AttributeValue.fromS(key(event)),
          Attr.KIND, AttributeValue.fromS(KIND),
          Attr.CONTENT, AttributeValue.fromS(content(event)),
          Attr.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt))));
    }
    partitions.putAll(items);
  }

  /** What identifies an event within a run: {@code detail-type}, {@code partnerId}, {@code clientId} if any. */
  static String key(PublishedEvent event) {
    Object clientId = event.detail().get("clientId");
    return Keys.eventPut(event.detailType(), ((Number) event.detail().get("partnerId")).longValue(),
        clientId == null ? null : ((Number) clientId).longValue());
  }

  /** A digest of what the event says: its {@code detail-type} and its {@code detail} JSON. */
  static String content(PublishedEvent event) {
    return DeadLetters.sha256(event.detailType() + "\n" + event.detailJson());
  }
}
