package com.partnercredit.store;

import com.partnercredit.domain.Tier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The partners' daily snapshots (keys in {@link Keys#snapshots}): written by the publisher in
 * batches, read with Queries only (the last one before a day, the one of a day, the days of a
 * range), so that a reader needs no more than {@code dynamodb:Query}.
 *
 * <p>Also the program's record of each published day ({@link Keys#programDay}: every partner's tier
 * and total, one Query for all) and the partners per tier of each day a run completed
 * ({@link Keys#PROGRAM_TIERS}: one small item a day).
 */
public final class SnapshotStore {
  /** A partner's tier and total (the snapshot's displayed total, as in its {@link Snapshot}) on a day. */
  public record DayFigures(Tier tier, BigDecimal total) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final BatchWriter writer;
  private final int programPartBytes;

  @Inject
  public SnapshotStore(DynamoDbClient dynamo, @TableName String table, BatchWriter writer) {
    this(dynamo, table, writer, ProgramFigures.PART_BYTES);
  }

  /** With smaller parts of the program's days: tests cut a bucket in several parts with few partners. */
  public SnapshotStore(DynamoDbClient dynamo, String table, BatchWriter writer, int programPartBytes) {
    this.dynamo = dynamo;
    this.table = table;
    this.writer = writer;
    this.programPartBytes = programPartBytes;
  }

  /** The partner's latest snapshot of a day before {@code day}: a re-run of a day compares with the same one. */
  public Optional<Snapshot> before(long partnerId, LocalDate day) throws StorageUnavailable {
    QueryResponse response;
    try {
      response = dynamo.query(q -> q.tableName(table)
          .keyConditionExpression("#pk = :pk AND #sk < :day")
          .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
          .expressionAttributeValues(Map.of(
              ":pk", AttributeValue.fromS(Keys.snapshots(partnerId)),
              ":day", AttributeValue.fromS(Keys.snapshotDay(day))))
          .scanIndexForward(false)
          .limit(1));
    } catch (SdkException e) {
      throw new StorageUnavailable("Query for the last snapshot of partner " + partnerId + " failed", e);
    }
    return response.items().isEmpty() ? Optional.empty() : Optional.of(whole(partnerId, response.items().get(0)));
  }

  /** The snapshot of {@code day}, if a run wrote one (a Query on the exact key, strongly consistent). */
  public Optional<Snapshot> of(long partnerId, LocalDate day) throws StorageUnavailable {
    QueryResponse response;
    try {
      response = dynamo.query(q -> q.tableName(table)
          .consistentRead(true)
          .keyConditionExpression("#pk = :pk AND #sk = :day")
          .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
          .expressionAttributeValues(Map.of(
              ":pk", AttributeValue.fromS(Keys.snapshots(partnerId)),
              ":day", AttributeValue.fromS(Keys.snapshotDay(day)))));
    } catch (SdkException e) {
      throw new StorageUnavailable("Query for the snapshot of partner " + partnerId + " on " + day + " failed", e);
    }
    return response.items().isEmpty() ? Optional.empty() : Optional.of(whole(partnerId, response.items().get(0)));
  }

  /**
   * The partner's snapshots of the days {@code from} to {@code to} (both included), oldest first:
   * one Query, followed page by page (a page is at most 1 MB, so a partner with many clients takes
   * several pages).
   */
  public List<Snapshot> between(long partnerId, LocalDate from, LocalDate to) throws StorageUnavailable {
    List<Snapshot> days = new ArrayList<>();
    QueryRequest request = QueryRequest.builder().tableName(table)
        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
        .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
        .expressionAttributeValues(Map.of(
            ":pk", AttributeValue.fromS(Keys.snapshots(partnerId)),
            ":from", AttributeValue.fromS(Keys.snapshotDay(from)),
            ":to", AttributeValue.fromS(Keys.snapshotDay(to))))
        .scanIndexForward(true)
        .build();
    QueryPages.each(dynamo, request, "Query for the snapshots of partner " + partnerId + " from " + from + " to " + to,
        items -> {
          for (Map<String, AttributeValue> item : items) {
            days.add(whole(partnerId, item));
          }
        });
    return days;
  }

  /** A snapshot from its main item and, when its maps are not inline, its detail parts. */
  private Snapshot whole(long partnerId, Map<String, AttributeValue> item) throws StorageUnavailable {
    int parts = Snapshot.detailPartsOf(item);
    if (parts == 0) {
      return Snapshot.from(item);
    }
    LocalDate day = LocalDate.parse(item.get(Attr.SK).s());
    List<Map<String, AttributeValue>> read = new ArrayList<>(parts);
    try {
      dynamo.queryPaginator(q -> q.tableName(table)
              .keyConditionExpression("#pk = :pk AND #sk < :end")
              .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
              .expressionAttributeValues(Map.of(
                  ":pk", AttributeValue.fromS(Keys.snapshotDetail(partnerId, day)),
                  ":end", AttributeValue.fromS(Keys.snapshotPart(parts))))
              .consistentRead(true))
          .items().forEach(read::add);
    } catch (SdkException e) {
      throw new StorageUnavailable("Query for the detail of a snapshot of partner " + partnerId + " failed", e);
    }
    if (read.size() != parts) {
      throw new StorageUnavailable("snapshot of partner " + partnerId + " on " + day + " has " + read.size()
          + " of its " + parts + " detail parts", null);
    }
    return Snapshot.from(item, read);
  }

  /**
   * Writes (or overwrites) snapshots with their detail parts, 25 items per BatchWriteItem. Parts go
   * first, so that a main item never points at parts not yet written.
   */
  public void putAll(List<Snapshot> snapshots) throws StorageUnavailable {
    List<Map<String, AttributeValue>> parts = new ArrayList<>();
    List<Map<String, AttributeValue>> mains = new ArrayList<>();
    for (Snapshot snapshot : snapshots) {
      List<Map<String, AttributeValue>> items = snapshot.items();
      mains.add(items.get(0));
      parts.addAll(items.subList(1, items.size()));
    }
    writer.putAll(parts);
    writer.putAll(mains);
  }

  // ---- The program's days ----

  /**
   * Writes one bucket's part of the program's record of {@code day}: the figures of the partners the
   * run published in that bucket. Parts after the first go first, so part 0 (which counts them) never
   * points at parts not yet written. A pure function of its arguments: a retry writes the same items.
   * Answers the bucket's partners per tier.
   */
  public Map<Tier, Integer> putProgramBucket(LocalDate day, Instant asOf, int bucket, int buckets,
      SortedMap<Long, DayFigures> figures) throws StorageUnavailable {
    List<Map<String, AttributeValue>> items = ProgramFigures.items(day, asOf, bucket, buckets, figures, programPartBytes);
    writer.putAll(items.subList(1, items.size()));
    writer.putAll(items.subList(0, 1));
    return ProgramFigures.counts(figures.values());
  }

  /** Writes the partners per tier of {@code day}, once the run as of {@code asOf} completed. */
  public void putTierCounts(LocalDate day, Instant asOf, Map<Tier, Integer> counts) throws StorageUnavailable {
    writer.putAll(List.of(ProgramFigures.tiersItem(day, asOf, counts)));
  }

  /**
   * Every partner's tier and total published for {@code day}, by partner id; empty when no run
   * published that day. One Query, a page per 1 MB (about 8 bytes a partner). When runs with several
   * bucket layouts wrote the day, each partner's figures are those of the latest run (by {@code asOf})
   * that published it, as its snapshot is.
   */
  public Map<Long, DayFigures> programDay(LocalDate day) throws StorageUnavailable {
    Map<Long, DayFigures> figures = new TreeMap<>();
    Map<Long, Instant> when = new HashMap<>();
    Map<String, Integer> partsOf = new HashMap<>();
    query(Keys.programDay(day), null, null, "the program's figures of " + day, item -> {
      String sk = item.get(Attr.SK).s();
      int cut = sk.lastIndexOf('#');
      String bucket = sk.substring(0, cut);
      int part = Integer.parseInt(sk.substring(cut + 1));
      if (part == 0) { // sorts first in its bucket and counts the parts: those past it are an older write's
        partsOf.put(bucket, Integer.parseInt(item.get(Attr.PARTS).n()));
      } else if (part >= partsOf.getOrDefault(bucket, 0)) {
        return;
      }
      Instant asOf = Instant.parse(item.get(Attr.AS_OF).s());
      ProgramFigures.decode(item.get(Attr.FIGURES).b().asByteArray()).forEach((partner, f) -> {
        Instant known = when.get(partner);
        if (known == null || !asOf.isBefore(known)) {
          when.put(partner, asOf);
          figures.put(partner, f);
        }
      });
    });
    return Collections.unmodifiableMap(figures);
  }

  /**
   * Partners per tier of each day from {@code from} to {@code to} (both included) whose run completed,
   * oldest first, every tier present; a day without a complete run is absent. One Query (90 days are
   * about 12 KB).
   */
  public SortedMap<LocalDate, Map<Tier, Integer>> tierCounts(LocalDate from, LocalDate to) throws StorageUnavailable {
    SortedMap<LocalDate, Map<Tier, Integer>> days = new TreeMap<>();
    if (from.isAfter(to)) {
      return days;
    }
    query(Keys.PROGRAM_TIERS, Keys.snapshotDay(from), Keys.snapshotDay(to), "the partners per tier from " + from
        + " to " + to, item -> days.put(LocalDate.parse(item.get(Attr.SK).s()),
            Collections.unmodifiableMap(ProgramFigures.tierCounts(item.get(Attr.TIERS)))));
    return Collections.unmodifiableSortedMap(days);
  }

  /** Every item of partition {@code pk} (with sort keys from {@code from} to {@code to} when given), page by page. */
  private void query(String pk, String from, String to, String what, Consumer<Map<String, AttributeValue>> each)
      throws StorageUnavailable {
    Map<String, String> names = new HashMap<>(Map.of("#pk", Attr.PK));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(pk)));
    String condition = "#pk = :pk";
    if (from != null) {
      condition += " AND #sk BETWEEN :from AND :to";
      names.put("#sk", Attr.SK);
      values.put(":from", AttributeValue.fromS(from));
      values.put(":to", AttributeValue.fromS(to));
    }
    QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression(condition)
        .expressionAttributeNames(names).expressionAttributeValues(values).build();
    QueryPages.each(dynamo, request, "Query for " + what, items -> items.forEach(each));
  }
}
