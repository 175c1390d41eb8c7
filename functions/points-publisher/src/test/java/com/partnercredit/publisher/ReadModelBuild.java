package com.partnercredit.publisher;

import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Facts;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ParallelReads;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Brings the read model of a table up to date as the table's stream would: every client listed
 * through gsi2 recomputed from the facts ({@link FactStore#factsForClient}, {@link CreditEngine#conclude})
 * and written to its partners' partitions ({@link ReadModelStore#write}), then the progress recorded
 * through now. What the publication reads must be built before it runs. A client whose facts are bad
 * is left as it was, as the stream's function leaves it (its batch goes to the failure destination).
 */
final class ReadModelBuild {
  /** Recompute versions: later than every earlier one, so that a rebuild replaces what changed. */
  private static final AtomicLong VERSION = new AtomicLong();

  private ReadModelBuild() {}

  /** Recomputes every client of the table; returns how many items were written. */
  static int upToDate(DynamoDbClient dynamo, String table, Clock clock) throws StorageUnavailable {
    FactStore store = new FactStore(dynamo, table, clock);
    ReadModelStore readModel = new ReadModelStore(dynamo, table);
    Duration retention = CreditLifetime.retention(InProcessRun.RULES);
    long version = VERSION.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    List<Long> clients = new ArrayList<>();
    for (int partition = 0; partition < Keys.ENTITY_SHARDS; partition++) {
      store.forEachClientInShard(partition, null, null, clients::add);
    }
    int written = 0;
    for (int from = 0; from < clients.size(); from += 100) {
      for (int items : ParallelReads.each(clients.subList(from, Math.min(from + 100, clients.size())), client -> {
        try {
          ClientConclusions c = CreditEngine.conclude(Facts.of(store.factsForClient(client, retention))).get(client);
          return c == null ? 0 : readModel.write(c, version);
        } catch (StorageUnavailable e) {
          if (e.getCause() instanceof RuntimeException) {
            return 0; // bad data in a read made in parallel
          }
          throw e;
        } catch (RuntimeException bad) {
          return 0;
        }
      })) {
        written += items;
      }
    }
    readModel.progress("publisher-tests", clock.instant(), clock.instant());
    return written;
  }
}
