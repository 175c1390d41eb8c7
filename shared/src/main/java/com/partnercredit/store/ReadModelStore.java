package com.partnercredit.store;

import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.PartnerStanding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The read model (docs/table.md): each client's conclusions ({@link ClientConclusions}), one item in
 * the partition of every partner met on the client, so that a partner's breakdown reads its clients
 * with one Query and the split needs no other read; each partner's standing ({@link PartnerStanding}),
 * all in one partition; and its progress through the table's stream.
 */
public final class ReadModelStore {
  private static final String PROGRESS_SHARD = "SHARD#";
  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public ReadModelStore(DynamoDbClient dynamo, @TableName String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** The conclusions of every client the partner meets: one Query, page by page (1 MB each). */
  public List<ClientConclusions> clientsOf(long partnerId) throws StorageUnavailable {
    List<ClientConclusions> clients = new ArrayList<>();
    forEachPageOf(partnerId, clients::addAll);
    return clients;
  }

  /** What to do with one page of a partner's clients. */
  @FunctionalInterface
  public interface Page {
    void accept(List<ClientConclusions> clients) throws StorageUnavailable;
  }

  /**
   * The conclusions of every client the partner meets, one page (1 MB) at a time, as the Query's
   * pages arrive: only one page is held, however many clients the partner has.
   */
  public void forEachPageOf(long partnerId, Page page) throws StorageUnavailable {
    query(Keys.readModel(partnerId), items -> {
      List<ClientConclusions> clients = new ArrayList<>(items.size());
      for (Map<String, AttributeValue> item : items) {
        clients.add(ClientConclusions.decode(item.get(Attr.CONCLUSIONS).b().asByteArray()));
      }
      page.accept(clients);
    });
  }

  /**
   * Writes the client's conclusions into the partition of each partner met on it, except where the
   * stored item is the same or was computed from newer facts ({@code version}: when the recompute
   * started reading). One BatchGetItem for what is stored, then a conditional PutItem per changed
   * item. Returns how many items were written.
   */
  public int write(ClientConclusions client, long version) throws StorageUnavailable {
    long[] partners = client.partnerIds();
    if (partners.length == 0) {
      return 0;
    }
    byte[] bytes = client.encode();
    Map<Long, Map<String, AttributeValue>> stored = stored(client.clientId(), partners);
    int written = 0;
    for (long partnerId : partners) {
      Map<String, AttributeValue> old = stored.get(partnerId);
      if (old != null && (Arrays.equals(old.get(Attr.CONCLUSIONS).b().asByteArray(), bytes)
          || Long.parseLong(old.get(Attr.VERSION).n()) >= version)) {
        continue;
      }
      Map<String, AttributeValue> item = item(partnerId, client.clientId(), bytes, version);
      try {
        dynamo.putItem(p -> p.tableName(table).item(item)
            .conditionExpression("attribute_not_exists(#pk) OR #v < :v")
            .expressionAttributeNames(Map.of("#pk", Attr.PK, "#v", Attr.VERSION))
            .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version)))));
        written++;
      } catch (ConditionalCheckFailedException newer) {
        // a recompute that started later already wrote it
      } catch (SdkException e) {
        throw new StorageUnavailable("PutItem of the read model of client " + client.clientId()
            + " for partner " + partnerId + " failed", e);
      }
    }
    return written;
  }

  /** The item of one client's conclusions ({@link ClientConclusions#encode}) in a partner's partition. */
  public static Map<String, AttributeValue> item(long partnerId, long clientId, byte[] conclusions, long version) {
    Map<String, AttributeValue> item = new HashMap<>(key(partnerId, clientId));
    item.put(Attr.KIND, AttributeValue.fromS(KIND));
    item.put(Attr.CLIENT_ID, AttributeValue.fromN(Long.toString(clientId)));
    item.put(Attr.CONCLUSIONS, AttributeValue.fromB(SdkBytes.fromByteArray(conclusions)));
    item.put(Attr.VERSION, AttributeValue.fromN(Long.toString(version)));
    return item;
  }

  /** The {@code kind} of a read model item. */
  public static final String KIND = "READ_MODEL";

  private Map<Long, Map<String, AttributeValue>> stored(long clientId, long[] partners) throws StorageUnavailable {
    Map<Long, Map<String, AttributeValue>> stored = new HashMap<>();
    for (int from = 0; from < partners.length; from += EmailPartners.BATCH) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (int i = from; i < Math.min(from + EmailPartners.BATCH, partners.length); i++) {
        keys.add(key(partners[i], clientId));
      }
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      try {
        while (!request.isEmpty()) {
          Map<String, KeysAndAttributes> asked = request;
          BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked));
          for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
            String pk = item.get(Attr.PK).s();
            stored.put(Long.parseLong(pk.substring(Keys.READ_MODEL_PREFIX.length())), item);
          }
          request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
      } catch (SdkException e) {
        throw new StorageUnavailable("BatchGetItem of the read model of client " + clientId + " failed", e);
      }
    }
    return stored;
  }

  private static Map<String, AttributeValue> key(long partnerId, long clientId) {
    return Map.of(Attr.PK, AttributeValue.fromS(Keys.readModel(partnerId)),
        Attr.SK, AttributeValue.fromS(Keys.client(clientId)));
  }

  // ---- Standings: one item per partner in one partition (READMODEL#STANDINGS) ----

  /** A stored standing: its bytes, the name stored with it and its version. */
  public record StoredStanding(byte[] bytes, String nameLower, long version) {
    public PartnerStanding standing() {
      return PartnerStanding.decode(bytes);
    }

    /** Whether it answers as {@code standing} does from that one's start on, under the same name. */
    boolean same(PartnerStanding standing, byte[] encoded, String lower) {
      if (!nameLower.equals(lower)) {
        return false;
      }
      if (Arrays.equals(bytes, encoded)) {
        return true;
      }
      try {
        PartnerStanding old = standing();
        return !old.from().isAfter(standing.from()) && old.since(standing.from()).equals(standing);
      } catch (IllegalArgumentException otherFormat) {
        return false;
      }
    }
  }

  /**
   * Writes a standing unless the stored one was computed from a later read, or answers the same from
   * this one's start (an older start with nothing changed since); 0 or 1.
   */
  public int writeStanding(PartnerStanding standing, String name, long version) throws StorageUnavailable {
    return writeStanding(standing, name, version, storedStanding(standing.partnerId()));
  }

  /** As {@link #writeStanding(PartnerStanding, String, long)}, given what is stored (read beforehand). */
  public int writeStanding(PartnerStanding standing, String name, long version, Optional<StoredStanding> stored)
      throws StorageUnavailable {
    byte[] bytes = standing.encode();
    String lower = name.toLowerCase(Locale.ROOT);
    if (stored.isPresent() && (stored.get().version() >= version || stored.get().same(standing, bytes, lower))) {
      return 0;
    }
    Map<String, AttributeValue> item = new HashMap<>(standingKey(standing.partnerId()));
    item.put(Attr.KIND, AttributeValue.fromS(STANDING_KIND));
    item.put(Attr.PARTNER_ID, AttributeValue.fromN(Long.toString(standing.partnerId())));
    item.put(Attr.STANDING, AttributeValue.fromB(SdkBytes.fromByteArray(bytes)));
    item.put(Attr.NAME_LOWER, AttributeValue.fromS(lower));
    item.put(Attr.VERSION, AttributeValue.fromN(Long.toString(version)));
    try {
      dynamo.putItem(p -> p.tableName(table).item(item)
          .conditionExpression("attribute_not_exists(#pk) OR #v < :v")
          .expressionAttributeNames(Map.of("#pk", Attr.PK, "#v", Attr.VERSION))
          .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version)))));
      return 1;
    } catch (ConditionalCheckFailedException newer) {
      return 0; // a recompute that started later already wrote it
    } catch (SdkException e) {
      throw new StorageUnavailable("PutItem of the standing of partner " + standing.partnerId() + " failed", e);
    }
  }

  /** The {@code kind} of a standing item. */
  public static final String STANDING_KIND = "STANDING";

  /** The partner's standing, if one is stored (a Query of its one key). */
  public Optional<PartnerStanding> standing(long partnerId) throws StorageUnavailable {
    return storedStanding(partnerId).map(StoredStanding::standing);
  }

  /** The partner's stored standing item, if any: a Query of its key, as the roles allow Query only. */
  public Optional<StoredStanding> storedStanding(long partnerId) throws StorageUnavailable {
    QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("#pk = :pk AND #sk = :sk")
        .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.STANDINGS),
            ":sk", AttributeValue.fromS(Keys.standing(partnerId))))
        .build();
    try {
      return dynamo.query(request).items().stream().findFirst().map(item -> new StoredStanding(
          item.get(Attr.STANDING).b().asByteArray(), item.get(Attr.NAME_LOWER).s(),
          Long.parseLong(item.get(Attr.VERSION).n())));
    } catch (SdkException e) {
      throw new StorageUnavailable("Query of the standing of partner " + partnerId + " failed", e);
    }
  }

  /** Every partner's standing, by partnerId: one Query, page by page (1 MB each). */
  public List<PartnerStanding> standings() throws StorageUnavailable {
    List<PartnerStanding> all = new ArrayList<>();
    forEachStandingPage(all::addAll);
    return all;
  }

  /** What to do with one page of standings. */
  @FunctionalInterface
  public interface StandingPage {
    void accept(List<PartnerStanding> standings) throws StorageUnavailable;
  }

  /** Every partner's standing, one page (1 MB) at a time, as the Query's pages arrive. */
  public void forEachStandingPage(StandingPage page) throws StorageUnavailable {
    query(Keys.STANDINGS, items -> {
      List<PartnerStanding> standings = new ArrayList<>(items.size());
      for (Map<String, AttributeValue> item : items) {
        standings.add(PartnerStanding.decode(item.get(Attr.STANDING).b().asByteArray()));
      }
      page.accept(standings);
    });
  }

  private static Map<String, AttributeValue> standingKey(long partnerId) {
    return Map.of(Attr.PK, AttributeValue.fromS(Keys.STANDINGS), Attr.SK, AttributeValue.fromS(Keys.standing(partnerId)));
  }

  /** Records that every stream record of {@code shard} created before {@code through} is reflected. */
  public void progress(String shard, Instant through, Instant now) throws StorageUnavailable {
    Map<String, AttributeValue> item = Map.of(
        Attr.PK, AttributeValue.fromS(Keys.READ_MODEL_PROGRESS),
        Attr.SK, AttributeValue.fromS(PROGRESS_SHARD + shard),
        Attr.THROUGH, AttributeValue.fromN(Long.toString(through.toEpochMilli())),
        Attr.WRITTEN_AT, AttributeValue.fromN(Long.toString(now.toEpochMilli())));
    try {
      dynamo.putItem(p -> p.tableName(table).item(item)
          .conditionExpression("attribute_not_exists(#pk) OR #t <= :t")
          .expressionAttributeNames(Map.of("#pk", Attr.PK, "#t", Attr.THROUGH))
          .expressionAttributeValues(Map.of(":t", item.get(Attr.THROUGH))));
    } catch (ConditionalCheckFailedException behind) {
      // a later batch of the shard already recorded more
    } catch (SdkException e) {
      throw new StorageUnavailable("PutItem of the read model's progress failed", e);
    }
  }

  /** The shards whose progress is recorded (the names given to {@link #progress}), in key order. */
  public List<String> progressShards() throws StorageUnavailable {
    List<String> shards = new ArrayList<>();
    query(Keys.READ_MODEL_PROGRESS, items -> items.forEach(
        item -> shards.add(item.get(Attr.SK).s().substring(PROGRESS_SHARD.length()))));
    return shards;
  }

  /**
   * How far the read model has caught up: the earliest progress among the shards (every fact
   * answered before it is reflected); empty before any progress was recorded.
   */
  public Optional<Instant> changesUntil() throws StorageUnavailable {
    long[] until = {Long.MAX_VALUE};
    query(Keys.READ_MODEL_PROGRESS, items -> items.forEach(
        item -> until[0] = Math.min(until[0], Long.parseLong(item.get(Attr.THROUGH).n()))));
    return until[0] == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until[0]));
  }

  private void query(String pk, QueryPages.Page pages) throws StorageUnavailable {
    QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
        .keyConditionExpression("#pk = :pk")
        .expressionAttributeNames(Map.of("#pk", Attr.PK))
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
        .build();
    QueryPages.each(dynamo, request, "Query of " + pk, pages);
  }
}
