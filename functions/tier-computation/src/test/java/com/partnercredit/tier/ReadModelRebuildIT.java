package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.Fact;
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
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The read model rebuilt from the facts of tables written without one (random worlds, the
 * emulator): afterwards every partner's default breakdown comes from the read model and equals the
 * one computed from the facts ({@code ?source=live}) at the horizon, now and the projection's days;
 * a second run writes nothing; a run stopped part-way and resumed from the point it printed leaves
 * the same items and records the same progress.
 */
class ReadModelRebuildIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  /** The point a run printed: its options, as the command reads them. */
  private static final Pattern RESUME =
      Pattern.compile("--from-shard (\\d+)(?: --from-client (\\d+))? --started (\\S+)");

  @Test
  void aRebuildGivesTheLiveAnswersIsIdempotentAndResumes() throws Exception {
    int compared = 0;
    for (long seed = 1; seed <= 3; seed++) {
      compared += inAWorld(seed);
    }
    assertTrue(compared >= 30, compared + " breakdowns compared");
  }

  private int inAWorld(long seed) throws Exception {
    Random random = new Random(seed);
    RandomWorld world = RandomWorld.generate(random);
    Instant now = RandomWorld.START.plus(Duration.ofDays(90 + random.nextInt(60))).plusMillis(random.nextInt(86_400_000));
    List<Fact> portfolio = portfolio(random, now);
    DynamoDbClient dynamo = DYNAMO.client();
    String whole = newTable(dynamo, world, portfolio);
    String resumed = newTable(dynamo, world, portfolio);
    try {
      Rig rig = new Rig(dynamo, whole, now);
      Set<Long> partners = new TreeSet<>();
      java.util.stream.Stream.concat(world.facts().stream(), portfolio.stream()).filter(PartnerRegistered.class::isInstance)
          .forEach(f -> partners.add(((PartnerRegistered) f).partnerId()));
      PointsBreakdown.Answer.Live before = (PointsBreakdown.Answer.Live) rig.breakdown.answer(
          partners.iterator().next(), now, now, PointsBreakdown.Source.READ_MODEL);
      assertEquals(PointsBreakdown.Source.LIVE, before.source(), "no read model yet: answered from the facts");

      List<String> dryLines = new ArrayList<>();
      ReadModelRebuild.Result dry = rig.rebuild(now).run(ReadModelRebuild.Resume.beginning(), true, 3, dryLines::add);
      assertEquals(0, dry.written());
      assertNull(dry.progressThrough());
      assertEquals(Map.of(), readModelItems(dynamo, whole, now), "a dry run writes nothing");

      List<String> lines = new ArrayList<>();
      long t0 = System.nanoTime();
      ReadModelRebuild.Result first = rig.rebuild(now).run(ReadModelRebuild.Resume.beginning(), false, 3, 4, lines::add);
      long firstMillis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(dry.clients(), first.clients(), "seed " + seed + ": the dry run lists the same clients");
      assertTrue(first.written() > 0, "seed " + seed + ": " + lines);
      assertEquals(now, first.progressThrough());
      assertEquals(Optional.of(now), rig.readModel.changesUntil());

      int compared = 0;
      for (long partner : partners) {
        for (Instant asOf : List.of(now.minus(Duration.ofDays(7)), now, now.plus(Duration.ofDays(30)),
            now.plus(Duration.ofDays(60)), now.plus(Duration.ofDays(90)))) {
          PointsBreakdown.Answer.Live fromReadModel = (PointsBreakdown.Answer.Live) rig.breakdown.answer(
              partner, asOf, now, PointsBreakdown.Source.READ_MODEL);
          PointsBreakdown.Answer.Live live = (PointsBreakdown.Answer.Live) rig.breakdown.answer(
              partner, asOf, now, PointsBreakdown.Source.LIVE);
          assertEquals(PointsBreakdown.Source.READ_MODEL, fromReadModel.source());
          assertEquals(now, fromReadModel.changesUntil());
          assertEquals(live.breakdown(), fromReadModel.breakdown(), "seed " + seed + ", partner " + partner + ", as of " + asOf);
          if (!asOf.isBefore(now)) {
            assertEquals(live.breakdown().map(PartnerFigures::of),
                Scenario.ENGINE.figures(rig.readModel.standing(partner).orElseThrow(), asOf),
                "seed " + seed + ", partner " + partner + "'s standing, as of " + asOf);
          }
          compared++;
        }
      }

      Instant later = now.plusSeconds(60);
      t0 = System.nanoTime();
      ReadModelRebuild.Result again = rig.rebuild(later).run(ReadModelRebuild.Resume.beginning(), false, 3, s -> {});
      long againMillis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(first.clients(), again.clients());
      assertEquals(0, again.written(), "seed " + seed + ": a second run writes no item");
      assertEquals(Optional.of(later), rig.readModel.changesUntil(), "progress moves to the second run's start");

      // the same world one client at a time, stopped at its second resume point within a shard, then
      // resumed from that line: the same items as the run of 4 at a time
      Rig other = new Rig(dynamo, resumed, now);
      List<String> printed = new ArrayList<>();
      int[] resumePoints = {0};
      assertThrows(Stop.class, () -> other.rebuild(now).run(ReadModelRebuild.Resume.beginning(), false, 2, line -> {
        printed.add(line);
        if (line.startsWith("resume with") && ++resumePoints[0] == 2) { // within a shard, before a client
          throw new Stop();
        }
      }));
      assertEquals(Optional.empty(), other.readModel.changesUntil(), "a stopped run records no progress");
      Matcher point = RESUME.matcher(printed.get(printed.size() - 1));
      assertTrue(point.find(), printed.toString());
      ReadModelRebuild.Resume from = new ReadModelRebuild.Resume(Integer.parseInt(point.group(1)),
          point.group(2) == null ? null : Long.valueOf(point.group(2)), Instant.parse(point.group(3)));
      assertTrue(from.client() != null, "stopped within a shard: " + from);
      ReadModelRebuild.Result rest = other.rebuild(now.plusSeconds(1)).run(from, false, 3, s -> {});
      assertTrue(rest.clients() > 0 && rest.clients() < first.clients(), "the resumed run did only the rest: "
          + rest.clients() + " of " + first.clients());
      assertEquals(now, rest.progressThrough(), "progress through the start of the whole rebuild");
      Map<String, String> once = readModelItems(dynamo, whole, now);
      Map<String, String> inTwo = readModelItems(dynamo, resumed, now);
      Set<String> differ = new TreeSet<>(once.keySet());
      differ.addAll(inTwo.keySet());
      differ.removeIf(key -> java.util.Objects.equals(once.get(key), inTwo.get(key)));
      assertEquals(Set.of(), differ, "seed " + seed + ": items that differ after a stop and a resume");
      assertEquals(first.written(), once.size(), "seed " + seed);
      System.out.println("ReadModelRebuildIT seed " + seed + ": " + first.clients() + " clients, " + first.written()
          + " items written in " + firstMillis + " ms; second run " + again.written() + " written in " + againMillis
          + " ms; stopped after " + (first.clients() - rest.clients()) + " clients and resumed (measured, not asserted)");
      return compared;
    } finally {
      dynamo.deleteTable(r -> r.tableName(whole));
      dynamo.deleteTable(r -> r.tableName(resumed));
    }
  }

  private static String newTable(DynamoDbClient dynamo, RandomWorld world, List<Fact> portfolio) throws Exception {
    String table = "ReadModelRebuildIT-" + UUID.randomUUID().toString().substring(0, 8);
    TemplateTable.fromTemplate().create(dynamo, table);
    StoredFacts.store(world, new BatchWriter(dynamo, table));
    new StoredFacts(dynamo, table).store(portfolio);
    return table;
  }

  /**
   * Besides the random world (a few clients), two partners sharing 24 clients over every gsi2
   * shard, with activities on some of them in the last 60 days: a rebuild that stops in a shard.
   */
  private static List<Fact> portfolio(Random random, Instant now) {
    Instant start = now.minus(Duration.ofDays(100));
    long a = StoredFacts.newId();
    long b = StoredFacts.newId();
    Scenario facts = StoredFacts.scenario()
        .partner(a, "a" + a + ".com", start).employeeAdded(a, 1, "ann@a" + a + ".com", start)
        .partner(b, "b" + b + ".com", start).employeeAdded(b, 1, "bo@b" + b + ".com", start);
    for (int i = 0; i < 24; i++) {
      long client = StoredFacts.newId();
      facts.client(client, "USD", (100 + random.nextInt(900)) + ".00", start)
          .userAdded(client, client * 10 + 1, "ann@a" + a + ".com", start);
      if (random.nextBoolean()) {
        facts.userAdded(client, client * 10 + 2, "bo@b" + b + ".com", start)
            .activity(client, client * 10 + 2, now.minus(Duration.ofDays(random.nextInt(60))));
      }
      if (random.nextBoolean()) {
        facts.activity(client, client * 10 + 1, now.minus(Duration.ofDays(random.nextInt(70))));
      }
    }
    return facts.facts();
  }

  /**
   * Every read-model item's conclusions, and every standing as it answers from a day on, by key (the
   * version and a standing's start left out: they are when it was computed).
   */
  private static Map<String, String> readModelItems(DynamoDbClient dynamo, String table, Instant now) {
    Map<String, String> items = new TreeMap<>();
    dynamo.scanPaginator(s -> s.tableName(table).consistentRead(true)).items().forEach(item -> {
      String key = item.get(Attr.PK).s() + " " + item.get(Attr.SK).s();
      if (item.get(Attr.PK).s().startsWith("READMODEL#PARTNER#")) {
        items.put(key, java.util.HexFormat.of().formatHex(item.get(Attr.CONCLUSIONS).b().asByteArray()));
      } else if (item.get(Attr.PK).s().equals(Keys.STANDINGS)) {
        PartnerStanding standing = PartnerStanding.decode(item.get(Attr.STANDING).b().asByteArray());
        items.put(key, java.util.HexFormat.of().formatHex(standing.since(now.plus(Duration.ofDays(1))).encode()));
      }
    });
    return items;
  }

  private static final class Stop extends RuntimeException {}

  /** The stores of one table, reading as of {@code now}. */
  private static final class Rig {
    final DynamoDbClient dynamo;
    final FactStore facts;
    final ReadModelStore readModel;
    final PointsBreakdown breakdown;

    Rig(DynamoDbClient dynamo, String table, Instant now) {
      this.dynamo = dynamo;
      this.facts = new FactStore(dynamo, table, Clock.fixed(now, ZoneOffset.UTC));
      this.readModel = new ReadModelStore(dynamo, table);
      this.breakdown = new PointsBreakdown(facts, readModel, Scenario.ENGINE,
          new SnapshotStore(dynamo, table, new BatchWriter(dynamo, table)));
    }

    /** A rebuild whose recomputes start at {@code at} (their version). */
    ReadModelRebuild rebuild(Instant at) {
      Clock clock = Clock.fixed(at, ZoneOffset.UTC);
      return new ReadModelRebuild(facts, new ReadModelUpdate(facts, readModel, Scenario.ENGINE, clock), readModel, clock);
    }
  }
}
