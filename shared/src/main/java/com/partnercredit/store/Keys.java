package com.partnercredit.store;

/**
 * The table's key formats, in one place. Numbers inside sort keys are zero-padded so that the
 * string order is the time order.
 *
 * <pre>
 * pk                         sk                                          item
 * CLIENT#&lt;clientId&gt;          ACTIVITY#USER#&lt;userId&gt;#&lt;occurredAt&gt;#&lt;activityId&gt;    a qualifying activity
 * CLIENT#&lt;clientId&gt;          FACT#&lt;eventId&gt;                              a client-side fact (account users,
 *                                                                        subscription, links)
 * PARTNER#&lt;partnerId&gt;        FACT#&lt;eventId&gt;                              a partner-side fact (registration,
 *                                                                        employees, sold deals)
 * DEADLETTER#&lt;route&gt;#&lt;day&gt;  &lt;sha-256 of the raw event&gt;                   an unreadable webhook event
 * SNAPSHOTS#PARTNER#&lt;p&gt;     &lt;yyyy-mm-dd&gt;                                the publisher's daily snapshot of a partner
 * SNAPSHOTS#PARTNER#&lt;p&gt;#DETAIL#&lt;day&gt;  PART#&lt;n&gt;                     its per-client/per-deal maps, when too large for one item
 * SNAPSHOTS#PUBLICATIONS     LAST                                        when the last publication succeeded
 * SNAPSHOTS#PROGRAM#&lt;day&gt;   BUCKET#&lt;b&gt;#OF#&lt;n&gt;#PART#&lt;k&gt;                every published partner's tier and total
 * SNAPSHOTS#PROGRAM#TIERS    &lt;yyyy-mm-dd&gt;                                partners per tier of a day's complete run
 * PUBLISH#&lt;asOf ms&gt;#DIRECTORY            HEAD, PART#&lt;n&gt;                 a publication run's partner directory (TTL)
 * PUBLISH#&lt;asOf ms&gt;#PARTNERS#&lt;bucket&gt;  SHARD#&lt;s&gt;#PART#&lt;n&gt;              a shard's partial sums for a bucket's partners (TTL)
 * PUBLISH#&lt;asOf ms&gt;#PUT#&lt;bucket&gt;       EVENT#&lt;detail-type&gt;#&lt;p&gt;[#&lt;c&gt;]        an event a bucket's final step put (TTL)
 * EMAIL#&lt;email&gt;            PARTNERS                                    the partners that ever had an employee with
 *                                                                        this email (a number set, grown by ADD)
 * PENDING#&lt;0..7&gt;            &lt;spilledAt&gt;#&lt;digest&gt;                      writes a webhook could not make in time where
 *                                                                        they belong, for the drain (PendingWrites)
 * REPLAY#&lt;signature&gt;       REPLAY                                      a signed webhook request already received, kept
 *                                                                        while its signature is valid (SignatureMarkers, TTL)
 *
 * index  gsi1pk                   gsi1sk                                 on
 * gsi1   EMAIL#&lt;email&gt;            PARTNER#&lt;p&gt;#EMPLOYEE#&lt;e&gt;                 EMPLOYEE_ADDED
 * gsi1   EMAIL#&lt;email&gt;            CLIENT#&lt;c&gt;#USER#&lt;u&gt;                     CLIENT_USER_ADDED
 * gsi1   LINKS#PARTNER#&lt;p&gt;        CLIENT#&lt;c&gt;#&lt;eventId&gt;                     CLIENT_LINKED / CLIENT_UNLINKED
 * gsi2   ENTITIES#CLIENT#&lt;c%8&gt;    CLIENT#&lt;c&gt;#&lt;eventId&gt;                     every client-side fact
 * gsi2   ENTITIES#PARTNER#&lt;p%8&gt;   PARTNER#&lt;p&gt;#&lt;eventId&gt;                    every partner-side fact
 * </pre>
 *
 * <p>A fact's key holds its {@code eventId} and not its time, so a replayed event lands on the same
 * key whatever it says, and a conditional put tells a duplicate from a new fact.
 */
public final class Keys {
  private Keys() {}

  public static final String CLIENT_PREFIX = "CLIENT#";
  public static final String PARTNER_PREFIX = "PARTNER#";

  public static String client(long clientId) {
    return CLIENT_PREFIX + clientId;
  }

  /** Prefix of every activity of {@code userId} on a client, in time order. */
  public static String activitiesOfUser(long userId) {
    return "ACTIVITY#USER#" + userId + "#";
  }

  public static String activity(long userId, long occurredAtMillis, String activityId) {
    return activitiesOfUser(userId) + instant(occurredAtMillis) + "#" + activityId;
  }

  /** An epoch-millisecond instant, zero-padded to 13 digits (good until the year 2286). */
  public static String instant(long epochMillis) {
    return String.format("%013d", epochMillis);
  }

  public static String deadLetters(String route, String isoDay) {
    return "DEADLETTER#" + route + "#" + isoDay;
  }

  /**
   * Partition {@code shard} of the pending writes ({@link PendingWrites}): a few partitions of their
   * own, so that a client whose partition is hot never makes them hot.
   */
  public static String pending(int shard) {
    return PENDING_PREFIX + shard;
  }

  public static final String PENDING_PREFIX = "PENDING#";

  /** Partition of the replay marker of a webhook request signed {@code signature} (its v3 header). */
  public static String replay(String signature) {
    return REPLAY_PREFIX + signature;
  }

  public static final String REPLAY_PREFIX = "REPLAY#";
  public static final String REPLAY_SK = "REPLAY";

  /** The read model's partition of a partner: one item per client the partner meets ({@link ReadModelStore}). */
  public static String readModel(long partnerId) {
    return READ_MODEL_PREFIX + partnerId;
  }

  public static final String READ_MODEL_PREFIX = "READMODEL#PARTNER#";

  /** The read model's progress through the table's stream: one item per shard. */
  public static final String READ_MODEL_PROGRESS = "READMODEL#PROGRESS";

  /** The partners' standings, all in one partition, so that a listing is one Query. */
  public static final String STANDINGS = "READMODEL#STANDINGS";

  /** Sort key of a partner's standing: its id zero-padded to 20 digits, so string order is id order. */
  public static String standing(long partnerId) {
    return STANDING_PREFIX + String.format("%020d", partnerId);
  }

  public static final String STANDING_PREFIX = "PARTNER#";

  public static String partner(long partnerId) {
    return PARTNER_PREFIX + partnerId;
  }

  /** Sort key of a fact (not an activity) under its client or partner. */
  public static String fact(String eventId) {
    return FACT_PREFIX + eventId;
  }

  public static final String FACT_PREFIX = "FACT#";
  public static final String ACTIVITY_PREFIX = "ACTIVITY#";

  public static final String GSI1 = "gsi1";
  public static final String GSI2 = "gsi2";
  /** How many gsi2 partitions the clients (and the partners) are spread over. */
  public static final int ENTITY_SHARDS = 8;

  public static String email(String normalizedEmail) {
    return "EMAIL#" + normalizedEmail;
  }

  /**
   * Sort key of the item, in partition {@link #email}, that holds the partners that ever had an
   * employee with that email ({@link EmailPartners}). Read by key, with BatchGetItem: no Query
   * per email.
   */
  public static final String EMAIL_PARTNERS = "PARTNERS";

  public static String employeeByEmail(long partnerId, long employeeId) {
    return partner(partnerId) + "#EMPLOYEE#" + employeeId;
  }

  public static String clientUserByEmail(long clientId, long userId) {
    return client(clientId) + "#USER#" + userId;
  }

  public static String linksOf(long partnerId) {
    return "LINKS#" + partner(partnerId);
  }

  public static String clientShard(int shard) {
    return "ENTITIES#CLIENT#" + shard;
  }

  public static String partnerShard(int shard) {
    return "ENTITIES#PARTNER#" + shard;
  }

  public static int shardOf(long id) {
    return (int) Math.floorMod(id, (long) ENTITY_SHARDS);
  }

  /** The id in a key such as {@code CLIENT#222#USER#5} or {@code PARTNER#111#EMPLOYEE#9}. */
  public static long idAfter(String prefix, String key) {
    if (!key.startsWith(prefix)) {
      throw new IllegalArgumentException(key + " does not start with " + prefix);
    }
    int end = key.indexOf('#', prefix.length());
    return Long.parseLong(end < 0 ? key.substring(prefix.length()) : key.substring(prefix.length(), end));
  }

  // ---- The publisher's daily snapshots ----
  // Kept out of the partner's own partition so that reading a partner's facts never reads (and
  // pays for) its snapshot history; no gsi keys, so they are never listed as entities either.

  /** Partition of one partner's snapshots, one item per day. */
  public static String snapshots(long partnerId) {
    return "SNAPSHOTS#" + partner(partnerId);
  }

  /**
   * Partition of the detail parts of one partner's snapshot of one day, when its per-client and
   * per-deal maps do not fit one item (a partner servicing many thousand clients). Under
   * {@code SNAPSHOTS#} like the snapshots, so the publisher's write permission covers it.
   */
  public static String snapshotDetail(long partnerId, java.time.LocalDate day) {
    return snapshots(partnerId) + "#DETAIL#" + day;
  }

  /** Sort key of detail part {@code n} of a snapshot. */
  public static String snapshotPart(int n) {
    return String.format("PART#%05d", n);
  }
  /** Partition of the marker of the last successful publication (under SNAPSHOTS#, the publisher's to write). */
  public static String publications() {
    return "SNAPSHOTS#PUBLICATIONS";
  }

  /** Sort key of that marker: one item, overwritten by each successful run. */
  public static final String LAST_PUBLICATION = "LAST";

  /** Partition of the program's record of a published day: every partner's tier and total, by bucket. */
  public static String programDay(java.time.LocalDate day) {
    return "SNAPSHOTS#PROGRAM#" + day;
  }

  /** Sort key of part {@code part} of bucket {@code bucket} of a run of {@code buckets} buckets. */
  public static String programPart(int bucket, int buckets, int part) {
    return String.format("BUCKET#%04d#OF#%04d#PART#%03d", bucket, buckets, part);
  }

  /** Partition of the partners per tier of each day a run completed, one item per day (sort key: the ISO day). */
  public static final String PROGRAM_TIERS = "SNAPSHOTS#PROGRAM#TIERS";

  /** Sort key of a snapshot: the ISO day ({@code 2026-11-28}) in UTC, so string order is day order. */
  public static String snapshotDay(java.time.LocalDate day) {
    return day.toString();
  }

  // ---- A publication run's working items (the fanned-out publisher) ----
  // Keyed by the run (its scheduled time, asOf, as 13-digit epoch ms), under PUBLISH#: never a fact
  // partition, no gsi keys (never listed as entities), and a TTL of a few days.

  /** Prefix of every working item of the publication runs: what the publisher's writes are confined to. */
  public static final String PUBLISH_PREFIX = "PUBLISH#";

  /** Partition of a run's partner directory (the partner side every shard worker reads). */
  public static String runDirectory(long runMillis) {
    return PUBLISH_PREFIX + instant(runMillis) + "#DIRECTORY";
  }

  /** Partition of a run's partial sums for the partners of one bucket, one item (or more) per client shard. */
  public static String runPartials(long runMillis, int bucket) {
    return PUBLISH_PREFIX + instant(runMillis) + "#PARTNERS#" + String.format("%04d", bucket);
  }

  /** Sort key of part {@code part} of client shard {@code shard}'s partial sums in a bucket's partition. */
  public static String shardPart(int shard, int part) {
    return String.format("SHARD#%05d#PART#%04d", shard, part);
  }

  /** The client shard of a {@link #shardPart} sort key. */
  public static int shardOfPart(String shardPartKey) {
    return Integer.parseInt(shardPartKey.substring("SHARD#".length(), "SHARD#".length() + 5));
  }

  /** Partition of the markers of the events the final step of one bucket put on the bus for the run. */
  public static String runEventsPut(long runMillis, int bucket) {
    return PUBLISH_PREFIX + instant(runMillis) + "#PUT#" + String.format("%04d", bucket);
  }

  /**
   * Sort key of the marker of one event: what identifies it within a run ({@code detail-type},
   * {@code partnerId}, and {@code clientId} when it has one), as consumers deduplicate on it.
   */
  public static String eventPut(String detailType, long partnerId, Long clientId) {
    return "EVENT#" + detailType + "#" + partnerId + (clientId == null ? "" : "#" + clientId);
  }

  /**
   * The gsi2 sort key at which client {@code clientId}'s entries start: the entries of one client are
   * adjacent, and those of every client whose key sorts before this one come first.
   */
  public static String clientEntityStart(long clientId) {
    return client(clientId) + "#";
  }

  /**
   * The greatest gsi2 sort key before {@link #clientEntityStart}: {@code '"'} sorts just before
   * {@code '#'}, and no key continues {@code CLIENT#<id>} with anything but {@code '#'}, so
   * {@code BETWEEN start(a) AND endBefore(b)} is exactly the clients from {@code a} up to, not
   * including, {@code b}.
   */
  public static String clientEntityEndBefore(long clientId) {
    return client(clientId) + "\"";
  }
}
