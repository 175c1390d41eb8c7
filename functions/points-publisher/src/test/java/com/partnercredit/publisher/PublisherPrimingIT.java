package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.store.ReadModelStore;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.HandlerSettings;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.SnapStartHook;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each step's SnapStart hook runs its path in a dry run: the plan finds no read-model progress, then
 * plans without it (its listings find nothing), a shard and a bucket find that their run left no
 * working items, and each primes the in-memory
 * portfolio through what the dry run cannot feed it; every write and every event is answered in
 * memory, so the table stays empty and the bus, which does not even exist, gets nothing. The same
 * plan handler then plans for real, once the read model has recorded progress.
 */
@ExtendWith(DynamoDbExtension.class)
class PublisherPrimingIT {

  private static void assertPrimed(Priming.Report report, int requests) {
    assertFalse(report.failed(), report.toString());
    assertTrue(report.answeredByDryRun() >= requests, report.toString());
  }

  /**
   * Each step's function, initialized and primed with the settings template.yaml gives it: only the
   * final step is given a bus (EVENT_BUS_NAME), so no other step may need one to start.
   */
  @Test
  void eachStepStartsAndPrimesWithTheSettingsItsFunctionHas(TestTable table) throws Exception {
    Template template = Template.locate();
    int steps = 0;
    for (Map.Entry<String, Map<String, Object>> function
        : template.resourcesOfType("AWS::Serverless::Function").entrySet()) {
      Map<?, ?> properties = (Map<?, ?>) function.getValue().get("Properties");
      String handler = String.valueOf(properties.get("Handler"));
      if (!handler.startsWith(PublisherHandler.class.getPackageName() + ".")) {
        continue;
      }
      Object environment = properties.get("Environment");
      boolean hasBus = environment instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> variables
          && variables.containsKey("EVENT_BUS_NAME");
      try (HandlerSettings settings = HandlerSettings.forTable(table)) {
        settings.set("EVENT_BUS_NAME", "no-such-bus");
        if (!hasBus) {
          System.clearProperty("EVENT_BUS_NAME");
        }
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        SnapStartHook hook = (SnapStartHook) type.getConstructor().newInstance();
        Priming.Report report = (Priming.Report) PRIME.invoke(hook);
        assertFalse(report.failed(), function.getKey() + ": " + report);
        steps++;
      }
    }
    assertEquals(4, steps, "plan, shard, finish, record");
  }

  private static final java.lang.reflect.Method PRIME;

  static {
    try {
      PRIME = SnapStartHook.class.getDeclaredMethod("prime");
      PRIME.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Test
  void primingEachStepWritesNothingAndThePlanThenPlansForReal(TestTable table) throws Exception {
    try (HandlerSettings settings = HandlerSettings.forTable(table).set("EVENT_BUS_NAME", "no-such-bus")) {
      PublisherHandler plan = new PublisherHandler();

      Priming.Report planned = plan.prime();
      Priming.Report shard = new ShardHandler().prime();
      Priming.Report finish = new FinishHandler().prime();
      Priming.Report record = new RecordHandler().prime();

      assertPrimed(planned, 1 + 8 + 2);
      assertEquals("incomplete (dry run)", planned.steps().get("readModel"), "no progress recorded: " + planned);
      assertEquals(8, planned.steps().get("plan"), "an empty shard per gsi2 partition: " + planned);
      assertPrimed(shard, 3);
      assertEquals("incomplete (dry run)", shard.steps().get("shard"));
      assertPrimed(finish, 4);
      assertEquals("incomplete (dry run)", finish.steps().get("bucket"));
      assertTrue(finish.steps().get("partner") instanceof Integer sent && sent >= 1, finish.toString());
      assertPrimed(record, 2);
      assertEquals(0, table.client().scan(b -> b.tableName(table.name())).count(), "priming wrote something");

      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      new ReadModelStore(table.client(), table.name()).progress("priming-it", now, now);
      Map<String, Object> real = plan.handleRequest(InProcessRun.scheduledEvent(now), null);
      assertEquals(8, real.get("shardCount"));
      assertTrue(table.client().scan(b -> b.tableName(table.name())).count() > 0, "the plan wrote its directory");
    }
  }
}
