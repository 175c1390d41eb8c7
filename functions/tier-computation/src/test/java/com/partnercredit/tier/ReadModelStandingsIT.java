package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Activity;
import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.PartnerFigures;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.PartnerStanding;
import com.partnercredit.domain.RandomWorld;
import com.partnercredit.domain.Scenario;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StoredFacts;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.TemplateTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The standings the stream's consumer writes ({@link ReadModelUpdate}), in random worlds: each
 * partner's figures from its one item equal its live breakdown's at now, at the instants its credit
 * ends and deals end, and months later; a clock up to the margin behind still reads them; a batch
 * taken in again writes no standing.
 */
class ReadModelStandingsIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  @Test
  void inRandomWorldsEachStandingGivesTheLiveBreakdownsFigures() throws Exception {
    int compared = 0;
    for (long seed = 1; seed <= 8; seed++) {
      compared += inAWorld(seed);
    }
    System.out.println("ReadModelStandingsIT: " + compared + " figures compared with live breakdowns");
    assertTrue(compared >= 300, compared + " compared");
  }

  private int inAWorld(long seed) throws Exception {
    Random random = new Random(seed);
    RandomWorld world = RandomWorld.generate(random);
    Instant now = RandomWorld.START.plus(Duration.ofDays(60 + random.nextInt(120))).plusMillis(random.nextInt(86_400_000));
    String table = "ReadModelStandingsIT-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbClient dynamo = DYNAMO.client();
    TemplateTable.fromTemplate().create(dynamo, table);
    try {
      StoredFacts.store(world, new BatchWriter(dynamo, table));
      Clock clock = Clock.fixed(now, ZoneOffset.UTC);
      FactStore facts = new FactStore(dynamo, table, clock);
      ReadModelStore readModel = new ReadModelStore(dynamo, table);
      ReadModelUpdate update = new ReadModelUpdate(facts, readModel, Scenario.ENGINE, clock);
      PointsBreakdown breakdowns = new PointsBreakdown(facts, readModel, Scenario.ENGINE,
          new SnapshotStore(dynamo, table, new BatchWriter(dynamo, table)));

      ReadModelUpdate.Result result = update.apply(changesOf(world.facts()));

      assertEquals(List.of(), result.failed(), "seed " + seed);
      Set<Long> partners = new TreeSet<>();
      world.facts().stream().filter(PartnerRegistered.class::isInstance)
          .forEach(f -> partners.add(((PartnerRegistered) f).partnerId()));
      assertEquals(partners.size(), result.standingsWritten(), "seed " + seed + ": one standing per partner");
      int compared = 0;
      for (long partner : partners) {
        PartnerStanding standing = readModel.standing(partner).orElseThrow();
        // the route's live answer at a few instants; at every other, what it evaluates (one read)
        List<Fact> read = facts.factsForPartner(partner, CreditLifetime.retention(Scenario.RULES)).orElseThrow();
        for (Instant asOf : headline(now)) {
          assertEquals(live(breakdowns, partner, asOf, now), Scenario.ENGINE.evaluate(read, asOf).partner(partner));
        }
        Optional<PartnerBreakdown> atNow = live(breakdowns, partner, now, now);
        for (Instant asOf : instants(now, atNow, world)) {
          Optional<PartnerFigures> expected = Scenario.ENGINE.evaluate(read, asOf).partner(partner)
              .map(PartnerFigures::of);
          assertEquals(expected, Scenario.ENGINE.figures(standing, asOf),
              "seed " + seed + ", partner " + partner + ", now " + now + ", as of " + asOf);
          compared++;
        }
      }

      // taken in again a minute later, nothing changed: no standing is written
      Clock later = Clock.fixed(now.plusSeconds(60), ZoneOffset.UTC);
      ReadModelUpdate.Result again = new ReadModelUpdate(new FactStore(dynamo, table, later), readModel,
          Scenario.ENGINE, later).apply(changesOf(world.facts()));
      assertEquals(List.of(), again.failed());
      assertEquals(partners.size(), again.standings());
      assertEquals(0, again.standingsWritten(), "seed " + seed + ": unchanged standings are not written");
      return compared;
    } finally {
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }

  /** The figures of a breakdown answered from the stored facts at {@code now}. */
  private static Optional<PartnerBreakdown> live(PointsBreakdown breakdowns, long partner, Instant asOf, Instant now)
      throws Exception {
    PointsBreakdown.Answer.Live answer =
        (PointsBreakdown.Answer.Live) breakdowns.answer(partner, asOf, now, PointsBreakdown.Source.LIVE);
    return answer.breakdown();
  }

  /**
   * Now, a clock the margin behind, the projection's days, a year on; each client's credit end and
   * each deal's end, and the millisecond either side.
   */
  private static List<Instant> headline(Instant now) {
    return List.of(now, now.minus(ReadModelUpdate.STANDING_MARGIN), now.plus(Duration.ofDays(30)),
        now.plus(Duration.ofDays(60)), now.plus(Duration.ofDays(90)), now.plus(Duration.ofDays(365)));
  }

  private static List<Instant> instants(Instant now, Optional<PartnerBreakdown> atNow, RandomWorld world) {
    List<Instant> instants = new ArrayList<>(headline(now));
    List<Instant> ends = new ArrayList<>();
    for (ClientCredit client : atNow.map(PartnerBreakdown::clients).orElse(List.of())) {
      if (client.creditUntil() != null) {
        ends.add(client.creditUntil());
      }
    }
    for (Fact fact : world.facts()) {
      if (fact instanceof DealSold deal) {
        ends.add(deal.occurredAt().atOffset(ZoneOffset.UTC).plusMonths(12).toInstant());
      }
      if (fact.occurredAt().isAfter(now)) {
        ends.add(fact.occurredAt()); // a fact dated after now takes effect then
      }
    }
    for (Instant end : ends) {
      instants.addAll(List.of(end.minusMillis(1), end, end.plusMillis(1)));
    }
    instants.removeIf(t -> t.isBefore(now.minus(ReadModelUpdate.STANDING_MARGIN)));
    return instants;
  }

  /** What the stream would carry for these facts: their items' keys. */
  static List<ReadModelUpdate.Change> changesOf(List<Fact> facts) {
    List<ReadModelUpdate.Change> changes = new ArrayList<>();
    for (Fact fact : facts) {
      if (fact instanceof Activity a) {
        if (a.qualifying()) {
          changes.add(new ReadModelUpdate.Change(Keys.client(a.clientId()), Keys.activitiesOfUser(a.userId())));
        }
      } else {
        var item = StoredFacts.item(fact);
        changes.add(new ReadModelUpdate.Change(item.get(Attr.PK).s(), item.get(Attr.SK).s()));
      }
    }
    return changes;
  }
}
