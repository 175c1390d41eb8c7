package com.partnercredit.publisher;

import com.partnercredit.domain.Fact;
import com.partnercredit.store.Attr;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.Keys;
import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A run's partner directory ({@link PartnerDirectory}) as items: the plan step writes it once, every
 * shard worker reads it, so that no worker reads the partners' partitions (one Query each) itself.
 *
 * <pre>
 * pk PUBLISH#&lt;asOf ms&gt;#DIRECTORY   sk PART#&lt;n&gt;   facts {partnerId: [fact items without keys]}, failed
 *                                     sk HEAD      parts, plan (written last)
 * </pre>
 *
 * Parts are at most {@value RunItems#PART_BYTES} bytes; the head, written after every part, says how
 * many there are and for which plan, so a reader never takes a half-written directory or one of
 * another plan. Items have a TTL ({@link RunItems#expiresAt}) and no index keys: never read as facts,
 * never listed as entities.
 */
public final class RunDirectory {
  static final String KIND = "RUN_DIRECTORY";
  static final String HEAD = "HEAD";
  /** Parts buffered before one BatchWriteItem (each up to 300 KB; the call's limit is 16 MB). */
  static final int PENDING_PARTS = 10;

  private final RunPartitions partitions;

  @Inject
  RunDirectory(RunPartitions partitions) {
    this.partitions = partitions;
  }

  static String partKey(int n) {
    return String.format("PART#%05d", n);
  }

  Writer writer(Instant asOf) {
    return new Writer(asOf);
  }

  /** Writes the directory part by part as partners are added, so the plan never holds all of it. */
  final class Writer {
    private final Instant asOf;
    private final List<Map<String, AttributeValue>> pending = new ArrayList<>();
    private Map<String, AttributeValue> facts = new HashMap<>();
    private Map<String, AttributeValue> failed = new HashMap<>();
    private long bytes;
    private int parts;

    private Writer(Instant asOf) {
      this.asOf = asOf;
    }

    /**
     * Adds a partner's facts (sold deals left out). A partner whose facts do not fit the room left in
     * the part is continued in the next part, under the same partnerId: the reader adds them up.
     */
    void add(long partnerId, Collection<? extends Fact> own) throws StorageUnavailable {
      String key = Long.toString(partnerId);
      List<AttributeValue> chunk = new ArrayList<>();
      long chunkBytes = key.length() + 8;
      for (Fact fact : own) {
        if (!PartnerDirectory.neededForClients(fact)) {
          continue;
        }
        Map<String, AttributeValue> item = new HashMap<>(FactItems.item(fact, null));
        item.keySet().removeAll(List.of(Attr.PK, Attr.SK, Attr.GSI1PK, Attr.GSI1SK, Attr.GSI2PK, Attr.GSI2SK));
        AttributeValue value = AttributeValue.fromM(item);
        long size = RunItems.bytes(value) + 1;
        if (bytes + chunkBytes + size > RunItems.PART_BYTES && bytes + chunkBytes > key.length() + 8) {
          if (!chunk.isEmpty()) {
            facts.put(key, AttributeValue.fromL(chunk));
            chunk = new ArrayList<>();
          }
          endPart();
          chunkBytes = key.length() + 8;
        }
        chunk.add(value);
        chunkBytes += size;
      }
      facts.put(key, AttributeValue.fromL(chunk)); // even empty: the partner is known
      bytes += chunkBytes;
    }

    void fail(long partnerId, String reason) throws StorageUnavailable {
      AttributeValue why = AttributeValue.fromS(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
      long more = RunItems.bytes(why) + 40;
      if (bytes + more > RunItems.PART_BYTES && bytes > 0) {
        endPart();
      }
      bytes += more;
      failed.put(Long.toString(partnerId), why);
    }

    private void endPart() throws StorageUnavailable {
      Map<String, AttributeValue> part = new HashMap<>();
      part.put(Attr.PK, AttributeValue.fromS(Keys.runDirectory(asOf.toEpochMilli())));
      part.put(Attr.SK, AttributeValue.fromS(partKey(parts++)));
      part.put(Attr.KIND, AttributeValue.fromS(KIND));
      part.put(Attr.FACTS, AttributeValue.fromM(facts));
      part.put(Attr.FAILED, AttributeValue.fromM(failed));
      part.put(Attr.EXPIRES_AT, AttributeValue.fromN(Long.toString(partitions.expiresAt(asOf))));
      pending.add(part);
      facts = new HashMap<>();
      failed = new HashMap<>();
      bytes = 0;
      if (pending.size() == PENDING_PARTS) {
        flush();
      }
    }

    private void flush() throws StorageUnavailable {
      partitions.putAll(pending);
      pending.clear();
    }

    /** Writes the last part, then the head naming the plan; returns the number of parts. */
    int close(String plan) throws StorageUnavailable {
      if (bytes > 0 || parts == 0) {
        endPart();
      }
      flush();
      Map<String, AttributeValue> head = new HashMap<>();
      head.put(Attr.PK, AttributeValue.fromS(Keys.runDirectory(asOf.toEpochMilli())));
      head.put(Attr.SK, AttributeValue.fromS(HEAD));
      head.put(Attr.KIND, AttributeValue.fromS(KIND));
      head.put(Attr.PARTS, AttributeValue.fromN(Integer.toString(parts)));
      head.put(Attr.PLAN, AttributeValue.fromS(plan));
      head.put(Attr.EXPIRES_AT, AttributeValue.fromN(Long.toString(partitions.expiresAt(asOf))));
      partitions.putAll(List.of(head));
      return parts;
    }
  }

  /**
   * The run's directory, read with strongly consistent Queries (it was written moments before) and
   * decoded part by part as the pages arrive (the head sorts first), so only the decoded directory is
   * held, never the raw items.
   *
   * @throws RunIncomplete when it is missing, expired, partly written, or of another plan
   */
  PartnerDirectory read(Instant asOf, String plan) throws StorageUnavailable, RunIncomplete {
    PartnerDirectory directory = new PartnerDirectory();
    int[] parts = {-1};
    int[] found = {0};
    partitions.forEachLive(Keys.runDirectory(asOf.toEpochMilli()),
        "the directory of the run as of " + asOf, item -> {
          String sk = item.get(Attr.SK).s();
          if (HEAD.equals(sk)) {
            if (!plan.equals(item.get(Attr.PLAN).s())) {
              throw new RunIncomplete("the directory of the run as of " + asOf + " is of plan "
                  + item.get(Attr.PLAN).s() + ", not " + plan);
            }
            parts[0] = Integer.parseInt(item.get(Attr.PARTS).n());
          } else if (parts[0] >= 0 && sk.compareTo(partKey(parts[0])) < 0) {
            found[0]++;
            decode(item, directory);
          }
        });
    if (parts[0] < 0) {
      throw new RunIncomplete("the run as of " + asOf + " has no directory (not planned, or expired)");
    }
    if (found[0] != parts[0]) {
      throw new RunIncomplete("the directory of the run as of " + asOf + " has " + found[0] + " of its " + parts[0]
          + " parts");
    }
    return directory;
  }

  private static void decode(Map<String, AttributeValue> part, PartnerDirectory directory) {
    part.get(Attr.FACTS).m().forEach((partnerId, facts) -> {
      List<Fact> own = new ArrayList<>(facts.l().size());
      facts.l().forEach(f -> own.add(FactItems.fact(f.m())));
      directory.add(Long.parseLong(partnerId), own);
    });
    part.get(Attr.FAILED).m().forEach((partnerId, reason) -> directory.fail(Long.parseLong(partnerId), reason.s()));
  }
}
