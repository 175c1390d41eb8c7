package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.PartnerStanding;
import com.partnercredit.domain.Scenario;
import com.partnercredit.metrics.EmfMetrics;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.EmfSpec;
import com.partnercredit.testsupport.TemplateTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The drift check against the emulator: a read model rebuilt from the facts does not drift; one the
 * consumer has not caught up with is skipped, not compared; a stale item written straight into the
 * read model is a drift, counted in the run's EMF ({@code Drifted}) with the partner and the fields;
 * so is a stale standing ({@code standing.points}).
 */
class DriftCheckIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  @Test
  void aStaleReadModelItemIsCountedAsDrift() throws Exception {
    DynamoDbClient dynamo = DYNAMO.client();
    String table = "DriftCheckIT-" + UUID.randomUUID().toString().substring(0, 8);
    TemplateTable.fromTemplate().create(dynamo, table);
    try {
      Instant now = Instant.now();
      Instant start = now.minus(Duration.ofDays(20));
      long partner = StoredFacts.newId();
      long other = partner + Keys.ENTITY_SHARDS; // the same gsi2 shard: one run samples both
      long client = StoredFacts.newId();
      long shared = StoredFacts.newId();
      String alice = "alice@agency" + partner + ".com";
      String bob = "bob@other" + other + ".com";
      Scenario world = StoredFacts.scenario()
          .partner(partner, "agency" + partner + ".com", start)
          .employeeAdded(partner, 1, alice, start)
          .partner(other, "other" + other + ".com", start)
          .employeeAdded(other, 1, bob, start)
          .client(client, "USD", "1000.00", start)
          .userAdded(client, 7, alice, start)
          .client(shared, "EUR", "800.00", start)
          .userAdded(shared, 8, alice, start)
          .userAdded(shared, 9, bob, start);
      List<Fact> withoutActivity = new ArrayList<>(world.facts());
      world.activity(client, 7, now.minus(Duration.ofDays(1)))
          .activity(shared, 8, now.minus(Duration.ofDays(2)))
          .activity(shared, 9, now.minus(Duration.ofDays(3)));
      new StoredFacts(dynamo, table).store(world);

      FactStore facts = new FactStore(dynamo, table, Clock.systemUTC());
      ReadModelStore readModel = new ReadModelStore(dynamo, table);
      PointsBreakdown breakdowns = new PointsBreakdown(facts, readModel, Scenario.ENGINE,
          new SnapshotStore(dynamo, table, new BatchWriter(dynamo, table)));
      new ReadModelRebuild(facts, new ReadModelUpdate(facts, readModel, Scenario.ENGINE, Clock.systemUTC()),
          readModel, Clock.systemUTC()).run(ReadModelRebuild.Resume.beginning(), false, 100, s -> {});
      RandomGenerator shardOfBoth = new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public int nextInt(int bound) {
          return Keys.shardOf(partner);
        }
      };

      // the read model's progress (through the rebuild's start) two minutes behind the check's clock
      DriftCheck lagging = new DriftCheck(facts, breakdowns, readModel, Scenario.ENGINE,
          Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)), shardOfBoth);
      DriftCheck.Result behind = lagging.run(DriftCheck.SAMPLE);
      assertEquals(0, behind.compared(), behind.toString());
      assertEquals(2, behind.skipped(), behind.toString());

      // caught up (as the stream's consumer records it): both partners compared, no drift
      readModel.progress(ReadModelRebuild.STREAM_PROGRESS, Instant.now().plus(Duration.ofHours(1)), Instant.now());
      DriftCheck check = new DriftCheck(facts, breakdowns, readModel, Scenario.ENGINE, Clock.systemUTC(), shardOfBoth);
      List<String> emf = new ArrayList<>();
      DriftCheckHandler handler = new DriftCheckHandler(check, new EmfMetrics("PartnerCredit/drift-it", emf::add,
          Clock.systemUTC()));
      Map<String, Object> clean = handler.handleRequest(Map.of(), null);
      assertEquals(Map.of("compared", 2, "drifted", 0, "skipped", 0),
          Map.of("compared", clean.get("compared"), "drifted", clean.get("drifted"), "skipped", clean.get("skipped")));

      // a stale item: the client's conclusions without its activity, written over the read model's
      ClientConclusions stale = CreditEngine.conclude(Facts.of(withoutActivity)).get(client);
      assertEquals(1, readModel.write(stale, Long.MAX_VALUE - 1));
      DriftCheck.Result drifted = check.run(DriftCheck.SAMPLE);
      assertEquals(2, drifted.compared(), drifted.toString());
      assertEquals(1, drifted.drifted(), drifted.toString());
      DriftCheck.Drift drift = drifted.drifts().get(0);
      assertEquals(partner, drift.partnerId(), "the other partner does not meet the client");
      assertTrue(drift.fields().contains("clients[" + client + "].status"), drift.fields().toString());

      emf.clear();
      Map<String, Object> report = handler.handleRequest(Map.of(), null);
      assertEquals(1, report.get("drifted"), report.toString());
      assertEquals(1, emf.size(), emf.toString());
      Map<String, Object> doc = JSON.std.mapFrom(emf.get(0));
      assertEquals(List.of(), EmfSpec.violations(doc), doc.toString());
      assertEquals(DriftCheckHandler.FUNCTION, doc.get("Function"));
      assertEquals(1, ((Number) doc.get("Drifted")).intValue(), doc.toString());
      assertEquals(2, ((Number) doc.get("Compared")).intValue(), doc.toString());
      assertEquals(0, ((Number) doc.get("Skipped")).intValue(), doc.toString());

      // a stale standing: the other partner's, as if it met no client
      PartnerStanding stale2 = Scenario.ENGINE.standing(other, facts.partnerFacts(other), List.of(),
          Instant.now().minus(Duration.ofMinutes(1)));
      assertEquals(1, readModel.writeStanding(stale2, "other", Long.MAX_VALUE));
      DriftCheck.Result standingDrift = check.run(DriftCheck.SAMPLE);
      DriftCheck.Drift ofOther = standingDrift.drifts().stream().filter(d -> d.partnerId() == other).findFirst()
          .orElseThrow(() -> new AssertionError(standingDrift.toString()));
      assertEquals(List.of("standing.nextTier", "standing.points", "standing.clientsServiced"), ofOther.fields());
    } finally {
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }
}
