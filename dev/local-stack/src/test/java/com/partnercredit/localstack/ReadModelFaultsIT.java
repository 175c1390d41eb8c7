package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.FaultInjector;
import com.partnercredit.testsupport.FaultInjector.Fault;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.tier.FaultyReadModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identical answers after faults in the read model's function ({@link ReadModelDifferentialIT}'s
 * comparison): its DynamoDB client throttled, answering 500 and timing out ({@link FaultInjector},
 * with the functions' bounded retries), and its batches crashing mid-batch, delivered twice, out of
 * order, and delivered again late ({@link FaultyReadModel}). The poller retries from the reported
 * failure and bisects on a crash; once it has caught up, the default breakdown equals the live one.
 */
@ExtendWith(DynamoDbExtension.class)
class ReadModelFaultsIT {
  static final String SECRET = "read-model-faults-secret";
  static final int HISTORIES = 6;

  private static final FaultInjector FAULTS = new FaultInjector(17)
      .rate(Fault.THROTTLE, 0.08).rate(Fault.SERVER_ERROR, 0.08).rate(Fault.TIMEOUT, 0.03);
  private static ReadModelStack stack;

  private static TestTable table;

  @BeforeAll
  static void start(TestTable testTable) throws Exception {
    table = testTable;
    stack = ReadModelStack.withFaults(table, SECRET, FAULTS, 17, 15);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void afterFaultsTheReadModelStillAnswersWhatTheStoredFactsAnswer() throws Exception {
    int compared = ReadModelDifferentialIT.compareHistories(stack.stack, table, SECRET, 101, HISTORIES,
        new AtomicLong(System.nanoTime() % 1_000_000 * 1000 + 500));
    StreamPoller poller = stack.poller();
    FaultyReadModel function = stack.function;
    System.out.printf("READ-MODEL-FAULTS injected %s; crashes %d, twice %d, reordered %d, stale %d; %d invocations%n",
        FAULTS.snapshot(), function.crashes.get(), function.twice.get(), function.reordered.get(),
        function.stale.get(), poller.invocations());
    assertTrue(compared >= HISTORIES * ReadModelDifferentialIT.INSTANTS, compared + " compared");
    assertTrue(FAULTS.injected(Fault.THROTTLE) > 0 && FAULTS.injected(Fault.SERVER_ERROR) > 0, FAULTS.snapshot().toString());
    assertTrue(function.crashes.get() > 0 && function.twice.get() > 0 && function.reordered.get() > 0
        && function.stale.get() > 0, "every kind of fault happened");
    assertEquals(List.of(), poller.failed(), "nothing sent to the failure destination");
  }
}
