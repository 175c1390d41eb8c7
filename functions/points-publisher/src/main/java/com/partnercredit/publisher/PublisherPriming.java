package com.partnercredit.publisher;

import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.Evaluation;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Points;
import com.partnercredit.domain.RuleTables;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.Attr;
import com.partnercredit.store.FactItems;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.PrimingFacts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.inject.Inject;
import javax.inject.Provider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming of the publication's four steps ({@link Priming}), each in a dry run, in which every
 * {@code Query} finds nothing and every write and {@code PutEvents} succeeds inside the process. Each
 * step's hook runs that step's own path as far as a dry run lets it, and the in-memory portfolio
 * ({@link PrimingFacts}) through what the dry run cannot feed it: the item formats, the engine, the
 * partial sums, the snapshot and the events.
 *
 * <ul>
 *   <li>{@link #plan}: a plan (which finds no read-model progress in a dry run); the portfolio
 *       through the fact items and into a directory;
 *   <li>{@link #shard}: a shard (whose run has no directory in a dry run); a partner's read-model
 *       partition (empty in a dry run); the portfolio's clients
 *       concluded, encoded and decoded as the read model stores them, and its partner evaluated from
 *       them; its partners' exact sums written as partial sums;
 *   <li>{@link #finish}: a bucket (whose shards left no sums in a dry run); the portfolio's sums
 *       through the partial items and back; its partner published: snapshot, previous snapshot,
 *       its figures in the program's record, events, {@code BatchWriteItem} and {@code PutEvents};
 *   <li>{@link #record}: a run's totals, the last publication read and written, and a day's partners
 *       per tier written (no metric is emitted: priming is no run).
 * </ul>
 */
final class PublisherPriming {
  private static final String PLAN = "priming";

  // Providers: each function builds only what its own step needs (only the final step has a bus to name).
  private final DryRunHttpClient http;
  private final Provider<RunPlanner> planner;
  private final Provider<ShardWorker> worker;
  private final Provider<BucketPublisher> bucket;
  private final Provider<LastPublication> last;
  private final Provider<RunDirectory> directory;
  private final Provider<PartialSums> partials;
  private final Provider<SnapshotStore> snapshots;
  private final Provider<ReadModelStore> readModel;
  private final Provider<EventBus> bus;
  private final CreditEngine engine;
  private final RuleTables rules;
  private final Clock clock;

  @Inject
  PublisherPriming(DryRunHttpClient http, Provider<RunPlanner> planner, Provider<ShardWorker> worker,
      Provider<BucketPublisher> bucket, Provider<LastPublication> last, Provider<RunDirectory> directory,
      Provider<PartialSums> partials, Provider<SnapshotStore> snapshots, Provider<ReadModelStore> readModel,
      Provider<EventBus> bus, CreditEngine engine, RuleTables rules, Clock clock) {
    this.http = http;
    this.planner = planner;
    this.worker = worker;
    this.bucket = bucket;
    this.last = last;
    this.directory = directory;
    this.partials = partials;
    this.snapshots = snapshots;
    this.readModel = readModel;
    this.bus = bus;
    this.engine = engine;
    this.rules = rules;
    this.clock = clock;
  }

  Priming.Report plan() {
    Instant asOf = clock.instant();
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("readModel", () -> expectIncomplete(() -> planner.get().plan(asOf)));
    steps.put("plan", () -> planner.get().plan(asOf, asOf).shards().size());
    steps.put("items", () -> PrimingFacts.portfolio(asOf).stream()
        .map(fact -> FactItems.fact(FactItems.item(fact, "priming"))).count());
    steps.put("directory", () -> {
      RunDirectory.Writer writer = directory.get().writer(asOf);
      for (Map.Entry<Long, List<Fact>> partner : partnerFacts(asOf).entrySet()) {
        writer.add(partner.getKey(), partner.getValue());
      }
      return writer.close(PLAN);
    });
    return Priming.run(http, steps);
  }

  Priming.Report shard() {
    Instant asOf = clock.instant();
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("shard", () -> expectIncomplete(() -> worker.get().evaluate(asOf, PLAN,
        new PartnerShard(0, 0, null, null, 0), Keys.ENTITY_SHARDS)));
    steps.put("readModel", () -> {
      int[] clients = {0};
      readModel.get().forEachPageOf(PrimingFacts.PARTNER, page -> clients[0] += page.size());
      return clients[0];
    });    steps.put("clients", () -> {
      List<ClientConclusions> clients = new ArrayList<>();
      for (ClientConclusions client : CreditEngine.conclude(Facts.of(PrimingFacts.portfolio(asOf))).values()) {
        clients.add(ClientConclusions.decode(client.encode()));
      }
      List<Fact> own = partnerFacts(asOf).get(PrimingFacts.PARTNER);
      return engine.evaluate(PrimingFacts.PARTNER, own, clients, asOf, 0).orElseThrow().clients().size();
    });
    steps.put("sums", () -> partials.get().write(asOf, PLAN, 0, Keys.ENTITY_SHARDS, sums(asOf), Map.of()));
    return Priming.run(http, steps);
  }

  Priming.Report finish() {
    Instant asOf = clock.instant();
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("bucket", () -> expectIncomplete(() -> bucket.get().publish(asOf, PLAN, 0, Keys.ENTITY_SHARDS, 1)));
    steps.put("sums", () -> {
      SortedMap<Long, PartnerSums> sums = new TreeMap<>(sums(asOf));
      int decoded = 0;
      for (Map<String, AttributeValue> item : PartialSums.items(asOf, PLAN, 0, 0, sums, new TreeMap<>(), 0)) {
        for (AttributeValue value : item.get(Attr.SUMS).m().values()) {
          PartnerSums s = PartialSums.decode(value);
          rules.tierAt(asOf, s.managed(), Points.ZERO, s.counted());
          decoded++;
        }
      }
      return decoded;
    });
    steps.put("partner", () -> {
      PartnerBreakdown breakdown = engine.evaluate(PrimingFacts.portfolio(asOf), asOf)
          .partner(PrimingFacts.PARTNER).orElseThrow();
      PartnerResult result = PartnerResult.of(breakdown);
      Snapshot snapshot = result.snapshot(asOf);
      Snapshot.from(snapshot.item());
      Optional<Snapshot> previous = snapshots.get().before(result.partnerId(), snapshot.day());
      List<PublishedEvent> events = PublishedEvents.of(result, snapshot, previous);
      snapshots.get().putAll(List.of(snapshot));
      snapshots.get().putProgramBucket(snapshot.day(), asOf, 0, Keys.ENTITY_SHARDS, new TreeMap<>(Map.of(
          snapshot.partnerId(), new SnapshotStore.DayFigures(snapshot.tier(), snapshot.total()))));
      EventBus.Outbox outbox = bus.get().outbox(asOf);
      for (PublishedEvent event : events) {
        outbox.add(event);
      }
      outbox.flush();
      return outbox.sent();
    });
    return Priming.run(http, steps);
  }

  Priming.Report record() {
    Instant asOf = clock.instant();
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("totals", () -> {
      Map<String, Object> bucketResult = new LinkedHashMap<>(new PublishReport(asOf, 1, 1, 2, 0, 1,
          new TreeMap<>(Map.of(2L, "priming")), Map.of(Tier.GOLD, 1)).summary());
      bucketResult.put("dynamoDbRequests", 3);
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("asOf", asOf.toString());
      input.put("startedAt", asOf.toString());
      input.put("partners", 2);
      input.put("planRequests", 4);
      Map<String, Object> shardResult = new LinkedHashMap<>(new ShardWorker.ShardReport(0, 3, 2, 0, 8).toMap());
      shardResult.put("millis", 1);
      shardResult.put("dynamoDbRequests", 5);
      input.put("shards", List.of(shardResult));
      input.put("buckets", List.of(bucketResult));
      return RunTotals.of(input).summary().size();
    });
    steps.put("last", () -> last.get().completedAt().isPresent());
    steps.put("record", () -> {
      last.get().record(asOf, clock.instant());
      snapshots.get().putTierCounts(Snapshot.dayOf(asOf), asOf, Map.of(Tier.GOLD, 1));
      return 1;
    });
    return Priming.run(http, steps);
  }

  /** The portfolio's partners with their own facts. */
  private static SortedMap<Long, List<Fact>> partnerFacts(Instant asOf) {
    SortedMap<Long, List<Fact>> partners = new TreeMap<>();
    for (Fact fact : PrimingFacts.portfolio(asOf)) {
      String partition = FactItems.partition(fact);
      if (partition.startsWith("PARTNER#")) {
        partners.computeIfAbsent(Keys.idAfter("PARTNER#", partition), p -> new ArrayList<>()).add(fact);
      }
    }
    return partners;
  }

  /** Each portfolio partner's exact sums over its clients. */
  private Map<Long, PartnerSums> sums(Instant asOf) {
    Evaluation evaluation = engine.evaluate(PrimingFacts.portfolio(asOf), asOf);
    Map<Long, PartnerSums> sums = new TreeMap<>();
    for (long partner : partnerFacts(asOf).keySet()) {
      evaluation.partner(partner).ifPresent(b -> sums.computeIfAbsent(partner, p -> new PartnerSums()).add(b));
    }
    return sums;
  }

  /** A step of a run that has no working items in a dry run: it finds out, as it would in a real one. */
  private static String expectIncomplete(Priming.Step step) throws Exception {
    try {
      return "completed: " + step.run();
    } catch (RunIncomplete expected) {
      return "incomplete (dry run)";
    }
  }
}
