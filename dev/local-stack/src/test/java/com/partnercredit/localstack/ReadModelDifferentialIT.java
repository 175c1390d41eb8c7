package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.TestTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identical answers (issue 17), through the real handlers: random histories of every fact type
 * ({@link RandomHistory}: out of order, duplicated, deferred permissions, partner-side changes) are
 * sent through the signed webhook routes; once the read model has caught up (its
 * {@code changesUntil} at or after the last 200), each partner's default breakdown equals
 * {@code ?source=live} field for field, apart from {@code source} and {@code changesUntil}, at 20 or
 * more {@code asOf}s per history: the horizon, now, the projection's days, every creditUntil and
 * the millisecond either side. Each partner's standing gives the live answer's figures from the
 * time of the answer on.
 */
@ExtendWith(DynamoDbExtension.class)
class ReadModelDifferentialIT {
  static final String SECRET = "differential-secret";
  static final int HISTORIES = 10;
  static final int INSTANTS = 20;

  private static ReadModelStack stack;

  private static TestTable table;

  @BeforeAll
  static void start(TestTable testTable) throws Exception {
    table = testTable;
    stack = ReadModelStack.start(table, SECRET);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void theReadModelAnswersWhatTheStoredFactsAnswerInRandomHistories() throws Exception {
    int compared = compareHistories(stack.stack, table, SECRET, 1, HISTORIES,
        new AtomicLong(System.nanoTime() % 1_000_000 * 1000));
    assertTrue(compared >= HISTORIES * INSTANTS, compared + " compared");
    assertEquals(List.of(), stack.poller().failed(), "nothing sent to the failure destination");
  }

  /**
   * Sends and compares {@code count} histories from {@code firstSeed} on, and each partner's standing
   * with its live answer from the time of the answer on; returns the breakdowns compared.
   */
  static int compareHistories(LocalStack stack, TestTable table, String secret, long firstSeed, int count,
      AtomicLong ids) throws Exception {
    DemoSeed webhooks = new DemoSeed(stack.baseUrl(), secret);
    Breakdowns breakdowns = new Breakdowns(stack.baseUrl());
    ReadModelStore standings = new ReadModelStore(table.client(), table.name());
    CreditEngine engine = new CreditEngine(RuleTablesLoader.fromClasspath());
    int compared = 0;
    int standingsCompared = 0;
    long started = System.nanoTime();
    for (long seed = firstSeed; seed < firstSeed + count; seed++) {
      Random random = new Random(seed);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      RandomHistory history = RandomHistory.generate(random, now, ids);
      Instant last = history.send(webhooks);
      breakdowns.awaitChangesUntil(history.partners.get(0), last);
      List<Instant> instants = breakdowns.instants(history.partners, now, INSTANTS, random);
      String context = "seed " + seed + " (" + history.facts.size() + " facts, " + history.activities.size()
          + " activities)";
      compared += breakdowns.compare(history.partners, instants, context);
      standingsCompared += breakdowns.compareStandings(history.partners, instants, standings, engine, context);
    }
    System.out.printf("READ-MODEL-DIFFERENTIAL %d histories, %d breakdowns compared (default = live), %d standings'"
        + " figures (= live), %d s%n", count, compared, standingsCompared, (System.nanoTime() - started) / 1_000_000_000);
    return compared;
  }
}
