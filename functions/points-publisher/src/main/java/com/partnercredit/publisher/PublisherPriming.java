package com.partnercredit.publisher;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.FactItems;
import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.PrimingFacts;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * SnapStart priming of the scheduled publication ({@link Priming}), in a dry run: a whole run (its
 * partner and client listings and reads as {@code Query}s answered inside the process, which find no
 * partner); then a small in-memory portfolio ({@link PrimingFacts}) through the store's item format
 * and back, and through the engine, and for its
 * partner what a run does with a result: the snapshot, the previous one looked up, the published
 * events, the snapshot written ({@code BatchWriteItem}) and the events put ({@code PutEvents}), each
 * answered inside the process.
 */
final class PublisherPriming {
  private final DryRunHttpClient http;
  private final Publisher publisher;
  private final CreditEngine engine;
  private final SnapshotStore snapshots;
  private final EventBus bus;
  private final Clock clock;

  @Inject
  PublisherPriming(DryRunHttpClient http, Publisher publisher, CreditEngine engine, SnapshotStore snapshots,
      EventBus bus, Clock clock) {
    this.http = http;
    this.publisher = publisher;
    this.engine = engine;
    this.snapshots = snapshots;
    this.bus = bus;
    this.clock = clock;
  }

  Priming.Report prime() {
    Instant asOf = clock.instant();
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("run", () -> publisher.publish(asOf, Publisher.Observer.NONE).snapshots());
    steps.put("items", () -> PrimingFacts.portfolio(asOf).stream()
        .map(fact -> FactItems.fact(FactItems.item(fact, "priming"))).count());
    steps.put("partner", () -> {
      PartnerBreakdown breakdown = engine.evaluate(PrimingFacts.portfolio(asOf), asOf)
          .partner(PrimingFacts.PARTNER).orElseThrow();
      PartnerResult result = PartnerResult.of(breakdown);
      Snapshot snapshot = result.snapshot(asOf);
      Snapshot.from(snapshot.item());
      Optional<Snapshot> previous = snapshots.before(result.partnerId(), snapshot.day());
      List<PublishedEvent> events = PublishedEvents.of(result, snapshot, previous);
      snapshots.putAll(List.of(snapshot));
      EventBus.Outbox outbox = bus.outbox(asOf);
      for (PublishedEvent event : events) {
        outbox.add(event);
      }
      outbox.flush();
      return outbox.sent();
    });
    return Priming.run(http, steps);
  }
}
