package com.partnercredit.store;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.Activity;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.RandomWorld;
import com.partnercredit.domain.Scenario;
import com.partnercredit.hubspot.ActivityCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes the facts a {@link Scenario} built as the webhooks store them ({@link FactItems#item},
 * {@link ActivityStore#item}, and the employees' emails' partners, {@link EmailPartners}),
 * batch-written so that thousands of clients seed quickly: the data the functions read, without
 * going through the webhooks. Only an adapter; the facts come from the one builder, {@link Scenario}.
 *
 * <p>Ids from {@link #newId()} and event ids from {@link #scenario()} are unique per JVM, so tests
 * sharing a table do not see each other's partners. Items are keyed deterministically, so storing
 * a scenario again after adding to it rewrites what was there unchanged.
 */
public final class StoredFacts {
  /** The actor of facts written here: the system, as for HubSpot's own events. */
  public static final String ACTOR = "SYSTEM:0:0";
  /** Activities kept as long as the shipped rule tables read them, as ingestion keeps them. */
  public static final ActivityStore ACTIVITIES = new ActivityStore(RuleTablesLoader.fromClasspath());
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 10_000);
  private static final long EVENT_IDS_PER_SCENARIO = 10_000_000;
  private static final AtomicLong EVENT_IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1_000_000_000L);
  private static final ActivityCatalogue CATALOGUE = ActivityCatalogue.standard();
  /** Facts turned into items at a time: a benchmark's data set never becomes items all at once. */
  private static final int CHUNK = 1_000;

  private final BatchWriter writer;

  public StoredFacts(DynamoDbClient dynamo, String table) {
    this(new BatchWriter(dynamo, table));
  }

  public StoredFacts(BatchWriter writer) {
    this.writer = writer;
  }

  /** A partner, client or user id no other test of this JVM gets. */
  public static long newId() {
    return IDS.incrementAndGet();
  }

  /** A scenario whose event ids are numbers no other scenario of this JVM uses. */
  public static Scenario scenario() {
    return Scenario.numbered(EVENT_IDS.addAndGet(EVENT_IDS_PER_SCENARIO));
  }

  /**
   * The world's facts as the webhooks store them. Its activities' event ids are not HubSpot's
   * numbers, so they are written here, with a number; those that do not qualify ingestion never
   * stores.
   */
  public static void store(RandomWorld world, BatchWriter writer) throws StorageUnavailable {
    List<Fact> facts = new ArrayList<>();
    List<Map<String, AttributeValue>> activities = new ArrayList<>();
    long number = 0;
    for (Fact fact : world.facts()) {
      if (fact instanceof Activity a) {
        number++;
        if (a.qualifying()) {
          activities.add(ACTIVITIES.item(a.eventId(), number, a.clientId(), a.userId(), a.type(), "CRM",
              a.occurredAt().toEpochMilli(), null, null, null));
        }
      } else {
        facts.add(fact);
      }
    }
    new StoredFacts(writer).store(facts);
    writer.putAll(activities);
  }

  /** Writes every fact of {@code scenario}. */
  public void store(Scenario scenario) throws StorageUnavailable {
    store(scenario.facts());
  }

  public void store(List<Fact> facts) throws StorageUnavailable {
    for (int from = 0; from < facts.size(); from += CHUNK) {
      writer.putAll(facts.subList(from, Math.min(from + CHUNK, facts.size())).stream().map(StoredFacts::item).toList());
    }
    addEmailPartners(facts);
  }

  /**
   * What recording an {@code EMPLOYEE_ADDED} adds besides its item ({@link FactStore#record}): its
   * partner in its email's partners, one UpdateItem {@code ADD} per email here.
   */
  private void addEmailPartners(List<Fact> facts) throws StorageUnavailable {
    Map<String, Set<Long>> partners = new TreeMap<>();
    for (Fact fact : facts) {
      if (fact instanceof EmployeeAdded employee) {
        partners.computeIfAbsent(employee.email(), e -> new TreeSet<>()).add(employee.partnerId());
      }
    }
    for (Map.Entry<String, Set<Long>> email : partners.entrySet()) {
      try {
        writer.dynamo().updateItem(EmailPartners.add(writer.table(), email.getKey(), email.getValue()).build());
      } catch (SdkException e) {
        throw new StorageUnavailable("UpdateItem failed for " + email.getKey(), e);
      }
    }
  }

  /** The item the webhooks store for {@code fact}. */
  public static Map<String, AttributeValue> item(Fact fact) {
    return fact instanceof Activity activity ? item(activity) : FactItems.item(fact, ACTOR);
  }

  /** A qualifying activity as ingestion stores it (ingestion stores nothing else). */
  private static Map<String, AttributeValue> item(Activity activity) {
    ActivityCatalogue.Entry entry = CATALOGUE.lookup(activity.type());
    if (!activity.qualifying() || entry == null || !entry.qualifying()) {
      throw new IllegalArgumentException(activity.type() + " does not qualify: ingestion would not store it");
    }
    long eventId;
    try {
      eventId = Long.parseLong(activity.eventId());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException("a stored activity's event id is a number (HubSpot's): build the facts"
          + " with StoredFacts.scenario(), not " + activity.eventId(), notANumber);
    }
    return ACTIVITIES.item(activity.eventId(), eventId, activity.clientId(), activity.userId(), activity.type(), entry.tool(),
        activity.occurredAt().toEpochMilli(), null, null, null);
  }
}
