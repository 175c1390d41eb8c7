package com.partnercredit.store;

import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnersOnClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The facts the rules need (docs/rules.md section 1), as stored items: append-only, one item per
 * {@code eventId}, never an "update current state" that a late fact could get wrong. The rules
 * engine orders them by time when it evaluates.
 *
 * <p>Reads are Queries, and BatchGetItem by key (no Scan): a client's partition holds its account
 * facts and its activities, sorted by user and time; a partner's partition its registration,
 * employees and sold deals; {@code gsi1} answers "which clients have a user with this email" and
 * "which clients was this partner linked to"; an email's {@link EmailPartners} item "which partners
 * had an employee with this email"; {@code gsi2} lists every client and partner. Activities whose TTL
 * has passed are never returned, whether or not DynamoDB has deleted them yet.
 */
public final class FactStore {
  /** How many reads one breakdown may have in flight at once ({@link ParallelReads}). */
  public static final int READS_IN_FLIGHT = ParallelReads.IN_FLIGHT;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  @Inject
  public FactStore(DynamoDbClient dynamo, @TableName String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  /**
   * Stores a fact with one conditional PutItem (an {@code EMPLOYEE_ADDED} first adds its partner to
   * its email's partners, one UpdateItem: {@link EmailPartners}). Returns false, changing nothing,
   * when a fact with the same {@code eventId} is already stored in its partition (a replay).
   *
   * @param actor who sent it ({@code ROLE:partnerId:userId}), kept for audit; may be null
   * @throws ItemRefused when DynamoDB refuses the item for good (a {@code ValidationException}):
   *     the event's rejection, never a 503
   * @throws StorageUnavailable when DynamoDB failed or throttled past the SDK's retries
   */
  public boolean record(Fact fact, String actor) throws StorageUnavailable, ItemRefused {
    return record(fact, actor, Deadline.NONE);
  }

  /**
   * As {@link #record(Fact, String)}, retried while {@code deadline} allows (a retry of a put that
   * did land finds the fact and answers false: a duplicate, nothing changed), each call limited to
   * the time left. A refusal is never retried.
   */
  public boolean record(Fact fact, String actor, Deadline deadline) throws StorageUnavailable, ItemRefused {
    if (fact instanceof EmployeeAdded employee) {
      addToEmailPartners(employee, deadline);
    }
    ItemRefused[] refused = {null};
    boolean stored = deadline.retry("PutItem " + fact.eventId(), () -> {
      try {
        dynamo.putItem(PutItemRequest.builder()
            .tableName(table)
            .item(FactItems.item(fact, actor))
            .conditionExpression("attribute_not_exists(#pk)")
            .expressionAttributeNames(Map.of("#pk", Attr.PK))
            .overrideConfiguration(deadline::limit)
            .build());
        return true;
      } catch (ConditionalCheckFailedException duplicate) {
        return false;
      } catch (SdkException e) {
        if (ItemRefused.isRefusal(e)) {
          refused[0] = new ItemRefused(ItemRefused.reason(e), e);
          return false;
        }
        throw new StorageUnavailable("PutItem failed for fact", e);
      }
    });
    if (refused[0] != null) {
      throw refused[0];
    }
    return stored;
  }

  /**
   * Adds the employee's partner to its email's partners ({@link EmailPartners}), before the fact is
   * put: so a stored {@code EMPLOYEE_ADDED} always has its email's item, and a replay (a duplicate
   * put) adds nothing new. An {@code ADD} to a set, idempotent and order-independent; retried while
   * {@code deadline} allows.
   */
  private void addToEmailPartners(EmployeeAdded employee, Deadline deadline) throws StorageUnavailable, ItemRefused {
    ItemRefused[] refused = {null};
    deadline.retry("UpdateItem " + Keys.email(employee.email()), () -> {
      try {
        dynamo.updateItem(EmailPartners.add(table, employee.email(), List.of(employee.partnerId()))
            .overrideConfiguration(deadline::limit)
            .build());
      } catch (SdkException e) {
        if (ItemRefused.isRefusal(e)) {
          refused[0] = new ItemRefused(ItemRefused.reason(e), e);
          return false;
        }
        throw new StorageUnavailable("UpdateItem failed for an employee's email", e);
      }
      return true;
    });
    if (refused[0] != null) {
      throw refused[0];
    }
  }

  /** Everything known about a client account: its facts and its unexpired activities. */
  public List<Fact> clientFacts(long clientId) throws StorageUnavailable {
    return partitionFacts(Keys.client(clientId));
  }

  /**
   * A client account's facts without its activities (users, subscription, links): one Query that
   * reads only the {@code FACT#} items, however many activities the client has.
   */
  public List<Fact> clientAccountFacts(long clientId) throws StorageUnavailable {
    return partitionFacts(Keys.client(clientId), Keys.FACT_PREFIX);
  }

  /** A partner's registrations, employees added and removed, and sold deals. */
  public List<Fact> partnerFacts(long partnerId) throws StorageUnavailable {
    return partitionFacts(Keys.partner(partnerId));
  }

  /**
   * The clients a partner's employees could be assigned to: those with a user whose email is one
   * of {@code employeeEmails} (automatic assignment, docs/rules.md section 3), and those one of the
   * partner's employees was linked to. One gsi1 Query per email, and one for the links, all in
   * flight together.
   */
  public Set<Long> clientsOf(long partnerId, Collection<String> employeeEmails) throws StorageUnavailable {
    List<ParallelReads.Read<Set<Long>>> reads = new ArrayList<>();
    reads.add(() -> clientsOnGsi1(Keys.linksOf(partnerId)));
    for (String email : new TreeSet<>(employeeEmails)) {
      reads.add(() -> clientsOnGsi1(Keys.email(email)));
    }
    Set<Long> clients = new TreeSet<>();
    ParallelReads.all(reads).forEach(clients::addAll);
    return clients;
  }

  /**
   * The clients listed under one gsi1 key, one Query: {@code Keys.email(email)}, the clients with a
   * user who has (or had) that email; {@code Keys.linksOf(partnerId)}, the clients one of the
   * partner's employees was linked to or unlinked from.
   */
  private Set<Long> clientsOnGsi1(String gsi1pk) throws StorageUnavailable {
    Set<Long> clients = new TreeSet<>();
    queryIndex(Keys.GSI1, Attr.GSI1PK, gsi1pk, Attr.GSI1SK, "CLIENT#",
        item -> clients.add(Keys.idAfter("CLIENT#", item.get(Attr.GSI1SK).s())));
    return clients;
  }

  /**
   * Per email, the partners that ever had an employee with it ({@link EmailPartners}): one
   * BatchGetItem per 100 emails, together. An email no employee ever had is absent.
   */
  Map<String, Set<Long>> partnersByEmployeeEmail(Collection<String> emails) throws StorageUnavailable {
    return EmailPartners.read(dynamo, table, emails);
  }

  /**
   * The facts needed to evaluate one partner (docs/rules.md sections 2-7), as {@link
   * #factsForPartner(long, Duration)} reads them but with activities read from the oldest stored
   * (each still dropped once past its TTL).
   */
  public Optional<List<Fact>> factsForPartner(long partnerId) throws StorageUnavailable {
    return factsForPartner(partnerId, null);
  }

  /**
   * The facts needed to evaluate one partner (docs/rules.md sections 2-7): its own, its clients' account
   * facts, the activities on those clients of the users who are some partner's employee
   * ({@link PartnersOnClient#employeeUsers}: no other user's activity can count), and the facts of
   * every other partner whose employees are on or linked to those clients (they share the MRR).
   * Empty when nothing is known about the partner. Evaluating them gives the partner what evaluating
   * every stored fact would.
   *
   * <p>What is read grows with the partner's clients and the employees' users on them, never with
   * the clients' own staff or their activities. In rounds, each waiting for the one before, the
   * reads of a round all in flight together ({@link ParallelReads}):
   * <ol>
   *   <li>the partner's partition;</li>
   *   <li>its links, and per employee email the clients with a user who has it (gsi1);</li>
   *   <li>per client, its account facts ({@code FACT#} items only);</li>
   *   <li>the partners of every user email on those clients ({@link EmailPartners}, 100 a request);</li>
   *   <li>per user with an employee's email, that user's activities ({@code ACTIVITY#USER#<u>#}), and
   *       the other partners' partitions.</li>
   * </ol>
   *
   * @param activityRetention how long an activity is kept ({@code CreditLifetime.retention}): its
   *     key range then starts at the oldest activity not yet past its TTL ({@link
   *     ActivityStore#firstLiveMillis}); null to start at the oldest stored
   */
  public Optional<List<Fact>> factsForPartner(long partnerId, Duration activityRetention) throws StorageUnavailable {
    List<Fact> own = partnerFacts(partnerId);
    if (own.isEmpty()) {
      return Optional.empty();
    }
    List<Fact> facts = new ArrayList<>(own);
    Set<Long> clients = clientsOf(partnerId, employeeEmails(own));
    List<Fact> accounts = new ArrayList<>();
    ParallelReads.each(clients, this::clientAccountFacts).forEach(accounts::addAll);
    facts.addAll(accounts);

    Map<String, Set<Long>> byEmail = partnersByEmployeeEmail(PartnersOnClient.userEmails(accounts));
    Set<Long> others = PartnersOnClient.of(accounts, byEmail::get);
    others.remove(partnerId);
    long from = firstLiveMillis(activityRetention);
    List<ParallelReads.Read<List<Fact>>> reads = new ArrayList<>();
    PartnersOnClient.employeeUsers(accounts, byEmail::get).forEach((client, users) -> {
      for (long user : users) {
        reads.add(() -> activitiesOf(client, user, from));
      }
    });
    for (long other : others) {
      reads.add(() -> partnerFacts(other));
    }
    ParallelReads.all(reads).forEach(facts::addAll);
    return Optional.of(facts);
  }

  /**
   * What replaying one client needs (the read model's recompute): its account facts, the partners
   * of its users' emails ({@link EmailPartners}), then together the activities of the users whose
   * email some partner employee had and the partitions of the partners on the client. Three rounds;
   * the client's own staff's activities are never read.
   */
  public List<Fact> factsForClient(long clientId, Duration activityRetention) throws StorageUnavailable {
    List<Fact> accounts = clientAccountFacts(clientId);
    Map<String, Set<Long>> byEmail = partnersByEmployeeEmail(PartnersOnClient.userEmails(accounts));
    long from = firstLiveMillis(activityRetention);
    List<ParallelReads.Read<List<Fact>>> reads = new ArrayList<>();
    for (long user : PartnersOnClient.employeeUsers(accounts, byEmail::get).getOrDefault(clientId, Set.of())) {
      reads.add(() -> activitiesOf(clientId, user, from));
    }
    for (long partner : PartnersOnClient.of(accounts, byEmail::get)) {
      reads.add(() -> partnerFacts(partner));
    }
    List<Fact> facts = new ArrayList<>(accounts);
    ParallelReads.all(reads).forEach(facts::addAll);
    return facts;
  }

  /** Where a user's activities start: the oldest not yet past its TTL, or the oldest stored (null retention). */
  private long firstLiveMillis(Duration activityRetention) {
    return activityRetention == null ? 0 : new ActivityStore(activityRetention).firstLiveMillis(clock.millis());
  }

  /**
   * The unexpired activities of one user on one client that happened at or after {@code fromMillis}:
   * one Query on the user's key range ({@code ACTIVITY#USER#<userId>#}), in time order.
   */
  List<Fact> activitiesOf(long clientId, long userId, long fromMillis) throws StorageUnavailable {
    String prefix = Keys.activitiesOfUser(userId);
    return facts(QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
        .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
        .expressionAttributeValues(Map.of(
            ":pk", AttributeValue.fromS(Keys.client(clientId)),
            ":from", AttributeValue.fromS(prefix + Keys.instant(fromMillis)),
            // after every "<13 digits>#<activityId>" of the user: '~' sorts after digits, '#' and '-'
            ":to", AttributeValue.fromS(prefix + "~")))
        .build());
  }

  /** Every client id with at least one stored fact, shard by shard (gsi2), each id once. */
  public void forEachClient(Consumer<Long> action) throws StorageUnavailable {
    for (int shard = 0; shard < Keys.ENTITY_SHARDS; shard++) {
      forEachEntity(Keys.clientShard(shard), "CLIENT#", action);
    }
  }

  /** Every partner id with at least one stored fact, shard by shard (gsi2), each id once. */
  public void forEachPartner(Consumer<Long> action) throws StorageUnavailable {
    for (int shard = 0; shard < Keys.ENTITY_SHARDS; shard++) {
      forEachEntity(Keys.partnerShard(shard), "PARTNER#", action);
    }
  }

  /**
   * Every client id of gsi2 shard {@code shard}, in the index's (string) order, each id once, from
   * client {@code fromId} (null: the shard's start) up to, not including, client {@code toId} (null:
   * the shard's end). Consecutive ranges of one shard cover each of its clients exactly once, whatever
   * clients are added meanwhile: the publisher's shard workers each read one such range.
   */
  public void forEachClientInShard(int shard, Long fromId, Long toId, Consumer<Long> action) throws StorageUnavailable {
    String from = fromId == null ? "CLIENT#" : Keys.clientEntityStart(fromId);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":h", AttributeValue.fromS(Keys.clientShard(shard)));
    values.put(":from", AttributeValue.fromS(from));
    String range;
    if (toId != null) {
      range = "#r BETWEEN :from AND :to";
      values.put(":to", AttributeValue.fromS(Keys.clientEntityEndBefore(toId)));
    } else if (fromId != null) {
      range = "#r >= :from";
    } else {
      range = "begins_with(#r, :from)";
    }
    pages(QueryRequest.builder()
        .tableName(table)
        .indexName(Keys.GSI2)
        .keyConditionExpression("#h = :h AND " + range)
        .expressionAttributeNames(Map.of("#h", Attr.GSI2PK, "#r", Attr.GSI2SK))
        .expressionAttributeValues(values)
        .build(), eachIdOnce("CLIENT#", action));
  }

  /** Every partner id of gsi2 shard {@code shard} ({@code partnerId mod 8}), each once. */
  public void forEachPartnerInShard(int shard, Consumer<Long> action) throws StorageUnavailable {
    forEachEntity(Keys.partnerShard(shard), "PARTNER#", action);
  }

  public static List<String> employeeEmails(Collection<Fact> partnerFacts) {
    return partnerFacts.stream()
        .filter(EmployeeAdded.class::isInstance)
        .map(f -> ((EmployeeAdded) f).email())
        .distinct()
        .toList();
  }

  private void forEachEntity(String shardKey, String prefix, Consumer<Long> action) throws StorageUnavailable {
    queryIndex(Keys.GSI2, Attr.GSI2PK, shardKey, Attr.GSI2SK, prefix, eachIdOnce(prefix, action));
  }

  /**
   * Gives {@code action} each entity id of a gsi2 listing once: gsi2sk is {@code <prefix><id>#<eventId>},
   * so one entity's rows are adjacent, and "changed" means "new".
   */
  private static Consumer<Map<String, AttributeValue>> eachIdOnce(String prefix, Consumer<Long> action) {
    long[] last = {Long.MIN_VALUE};
    return item -> {
      long id = Keys.idAfter(prefix, item.get(Attr.GSI2SK).s());
      if (id != last[0]) {
        last[0] = id;
        action.accept(id);
      }
    };
  }

  private List<Fact> partitionFacts(String pk) throws StorageUnavailable {
    return partitionFacts(pk, "");
  }

  /** The facts of partition {@code pk} whose sort key starts with {@code skPrefix} ("" for all). */
  private List<Fact> partitionFacts(String pk, String skPrefix) throws StorageUnavailable {
    QueryRequest request = QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression(skPrefix.isEmpty() ? "#pk = :pk" : "#pk = :pk AND begins_with(#sk, :sk)")
        .expressionAttributeNames(skPrefix.isEmpty() ? Map.of("#pk", Attr.PK) : Map.of("#pk", Attr.PK, "#sk", Attr.SK))
        .expressionAttributeValues(skPrefix.isEmpty()
            ? Map.of(":pk", AttributeValue.fromS(pk))
            : Map.of(":pk", AttributeValue.fromS(pk), ":sk", AttributeValue.fromS(skPrefix)))
        .build();
    return facts(request);
  }

  /** The facts a Query returns, page by page, without the activities past their TTL. */
  private List<Fact> facts(QueryRequest request) throws StorageUnavailable {
    long nowSeconds = Math.floorDiv(clock.millis(), 1000);
    List<Fact> facts = new ArrayList<>();
    pages(request, item -> {
      AttributeValue expiresAt = item.get(Attr.EXPIRES_AT);
      if (expiresAt != null && Long.parseLong(expiresAt.n()) <= nowSeconds) {
        return; // past its TTL: expired, whether or not DynamoDB has deleted it yet
      }
      Fact fact = FactItems.fact(item);
      if (fact != null) {
        facts.add(fact);
      }
    });
    return facts;
  }

  private void queryIndex(
      String index, String hashName, String hashValue, String rangeName, String rangePrefix,
      Consumer<Map<String, AttributeValue>> action) throws StorageUnavailable {
    pages(QueryRequest.builder()
        .tableName(table)
        .indexName(index)
        .keyConditionExpression("#h = :h AND begins_with(#r, :r)")
        .expressionAttributeNames(Map.of("#h", hashName, "#r", rangeName))
        .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hashValue), ":r", AttributeValue.fromS(rangePrefix)))
        .build(), action);
  }

  private void pages(QueryRequest request, Consumer<Map<String, AttributeValue>> action) throws StorageUnavailable {
    Map<String, AttributeValue> start = null;
    try {
      do {
        QueryResponse page = dynamo.query(start == null ? request : request.toBuilder().exclusiveStartKey(start).build());
        page.items().forEach(action);
        start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
      } while (start != null);
    } catch (SdkException e) {
      throw new StorageUnavailable("Query failed on " + (request.indexName() == null ? "table" : request.indexName()), e);
    }
  }
}
