package com.partnercredit.store;

/** Attribute names of the table's items, in one place. */
public final class Attr {
  private Attr() {}

  public static final String PK = "pk";
  public static final String SK = "sk";
  /** The table's TTL attribute: epoch seconds after which DynamoDB may delete the item. */
  public static final String EXPIRES_AT = "expiresAt";
  public static final String KIND = "kind";
  /** A replay marker's state ({@link SignatureMarkers}) and the request that claimed it. */
  public static final String STATE = "state";
  public static final String CLAIM = "claim";

  public static final String CLIENT_ID = "clientId";
  public static final String USER_ID = "userId";
  public static final String EVENT_ID = "eventId";
  public static final String OCCURRED_AT = "occurredAt";
  public static final String ACTIVITY_TYPE = "activityType";
  public static final String TOOL = "tool";
  public static final String SUBSCRIPTION_ID = "subscriptionId";
  public static final String OBJECT_ID = "objectId";
  public static final String CHANGE_SOURCE = "changeSource";

  public static final String RAW = "raw";
  public static final String REASON = "reason";
  public static final String RECEIVED_AT = "receivedAt";

  public static final String GSI1PK = "gsi1pk";
  public static final String GSI1SK = "gsi1sk";
  public static final String GSI2PK = "gsi2pk";
  public static final String GSI2SK = "gsi2sk";

  /** A fact's contract type, for example {@code EMPLOYEE_ADDED}. */
  public static final String TYPE = "type";
  public static final String PARTNER_ID = "partnerId";
  public static final String EMPLOYEE_ID = "employeeId";
  public static final String EMAIL = "email";
  public static final String NAME = "name";
  public static final String DOMAINS = "domains";
  public static final String DOMAIN = "domain";
  public static final String GROWTH_MARKET = "growthMarket";
  public static final String CURRENCY = "currency";
  /** Money as a decimal string with the currency's digits ("1000.00"). */
  public static final String MRR = "mrr";
  public static final String DEAL_KIND = "dealKind";
  /** Who sent a fact: {@code ROLE:partnerId:userId}, for audit. */
  public static final String ACTOR = "actor";
  /** An activity's identity: its eventId and a digest of the rest of what identifies it. */
  public static final String ACTIVITY_ID = "activityId";
  /**
   * On an email's {@link Keys#EMAIL_PARTNERS} item: the number set of the partners that ever had an
   * employee with the email, grown by {@code ADD}.
   */
  public static final String PARTNERS = "partners";
  /** The partner whose admin sent a reactivation or removal of a client user; absent when the system did. */
  public static final String BY_PARTNER_ADMIN = "byPartnerAdmin";

  // ---- The read model (ReadModelStore) ----
  /** A client's conclusions, as {@code ClientConclusions.encode} writes them (binary). */
  public static final String CONCLUSIONS = "conclusions";
  /** When the recompute that wrote an item started reading (epoch ms): a newer one is never overwritten. */
  public static final String VERSION = "version";
  /** On a progress item: every stream record created before this (epoch ms) is reflected. */
  public static final String THROUGH = "through";
  /** On a progress item: when it was written (epoch ms). */
  public static final String WRITTEN_AT = "writtenAt";
  /** A partner's standing, as {@code PartnerStanding.encode} writes it (binary). */
  public static final String STANDING = "standing";
  /** The partner's name, lower-cased, for a search. */
  public static final String NAME_LOWER = "nameLower";

  // ---- The publisher's daily snapshots (kind SNAPSHOT) ----
  public static final String AS_OF = "asOf";
  public static final String TIER = "tier";
  /** Rounded points as decimal strings ("10.00"). */
  public static final String MANAGED = "managed";
  public static final String SOLD = "sold";
  public static final String TOTAL = "total";
  /** How many clients the partner services. */
  public static final String SERVICED_CLIENTS = "servicedClients";
  /** Map of clientId to that client's rounded managed points, for the serviced clients. */
  public static final String MANAGED_BY_CLIENT = "managedByClient";
  /** Map of a sold deal's eventId to its rounded sold points, for the deals earning points. */
  public static final String SOLD_BY_DEAL = "soldByDeal";
  /**
   * On a snapshot too large for one item: how many detail parts hold its per-client and per-deal
   * maps ({@link Keys#snapshotDetail}); absent when the maps are inline.
   */
  public static final String DETAIL_PARTS = "detailParts";

  // ---- The program's days (kinds PROGRAM_DAY, PROGRAM_TIERS: SnapshotStore) ----
  /** Every partner's tier and total of a part, in {@link ProgramFigures}' binary form. */
  public static final String FIGURES = "figures";
  /** Partners per tier (tier name to a count). */
  public static final String TIERS = "tiers";

  // ---- A publication run's working items (kinds RUN_DIRECTORY, PARTIAL_SUMS, EVENT_PUT) ----
  /** The plan a working item was written for (a digest of its shards and buckets). */
  public static final String PLAN = "plan";
  public static final String SHARD = "shard";
  public static final String BUCKET = "bucket";
  /** On part 0 of a directory or a shard's partial sums: how many parts there are. */
  public static final String PARTS = "parts";
  /** The partner-side facts of a directory part (items as {@link FactItems} writes them, without keys). */
  public static final String FACTS = "facts";
  /** Partners failed by bad data, partnerId to the reason. */
  public static final String FAILED = "failed";
  /** Partial sums, partnerId to its sums from one shard. */
  public static final String SUMS = "sums";
  /** Exact points as {@code "<numerator>/<denominator>"} ({@code Points#exact}), never a binary number. */
  public static final String EXACT_MANAGED = "managedExact";
  public static final String COUNTED = "counted";
  /** Serviced clients: clientId, exact managed points, creditUntil (epoch ms), in one string per client. */
  public static final String SERVICED = "serviced";
  /** On an event's marker: a digest of the event's content ({@code detail-type} and {@code detail}) as it was put. */
  public static final String CONTENT = "content";

  // ---- Pending writes (kind PENDING_WRITES: PendingWrites) ----
  /** The items to write, each a map attribute, as they are to be put. */
  public static final String WRITES = "writes";
  /** How many items {@link #WRITES} holds. */
  public static final String WRITE_COUNT = "writeCount";
  /** When a request kept them here (ISO-8601). */
  public static final String SPILLED_AT = "spilledAt";
}
