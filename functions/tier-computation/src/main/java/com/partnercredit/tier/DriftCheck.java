package com.partnercredit.tier;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.PartnerStanding;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.Keys;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.inject.Inject;

/**
 * The read model's drift check (docs/operations.md, "Read model drift"): a sample of partners, each
 * answered from the read model (the default) and from the stored facts ({@code ?source=live}) at the
 * same {@code asOf} and {@code now}, compared field for field ({@link BreakdownDrift}).
 *
 * <p>The two reads cannot be one snapshot of the table, so a partner is compared only once the read
 * model has caught up with the live read: the live answer is read first, then the read model's until
 * its {@code changesUntil} is at or after the end of that read. When it is more than {@link #MAX_LAG}
 * behind, or does not get there within {@link #WAIT}, the partner is skipped: the check measures
 * drift, not lag (the consumer's own metric and alarm do). A fact stored between the two reads can
 * still make them differ, so a difference is confirmed by a second comparison before it counts.
 * The partner's standing, read once the read model has caught up, is compared too: its figures
 * at the same {@code now} against the live breakdown's ({@code standing.tier}, ...).
 */
public final class DriftCheck {
  /** Partners compared per run. */
  static final int SAMPLE = 20;
  /** How far behind the live read the read model may be for a partner to be compared at all. */
  static final Duration MAX_LAG = Duration.ofMinutes(1);
  /** How long a comparison waits for the read model to catch up with its live read. */
  static final Duration WAIT = Duration.ofSeconds(10);
  /** The time a run may take: the rest of the sample is skipped (the function's timeout is longer). */
  static final Duration BUDGET = Duration.ofSeconds(200);
  private static final long POLL_MILLIS = 500;

  private final FactStore facts;
  private final PointsBreakdown breakdowns;
  private final ReadModelStore readModel;
  private final CreditEngine engine;
  private final Clock clock;
  private final RandomGenerator random;

  @Inject
  public DriftCheck(FactStore facts, PointsBreakdown breakdowns, ReadModelStore readModel, CreditEngine engine,
      Clock clock) {
    // SecureRandom: environments restored from one SnapStart snapshot do not share its sequence
    this(facts, breakdowns, readModel, engine, clock, new SecureRandom());
  }

  DriftCheck(FactStore facts, PointsBreakdown breakdowns, ReadModelStore readModel, CreditEngine engine, Clock clock,
      RandomGenerator random) {
    this.facts = facts;
    this.breakdowns = breakdowns;
    this.readModel = readModel;
    this.engine = engine;
    this.clock = clock;
    this.random = random;
  }

  /** A partner whose answers differ: its id and the fields, never their values. */
  public record Drift(long partnerId, List<String> fields) {}

  /** What a run did: the shard sampled, the partners compared, those whose answers differ, those skipped. */
  public record Result(Instant asOf, int shard, int compared, int skipped, List<Drift> drifts) {
    public int drifted() {
      return drifts.size();
    }
  }

  /** Compares up to {@code sample} partners of a random gsi2 shard. */
  public Result run(int sample) throws StorageUnavailable, InterruptedException {
    Instant started = clock.instant();
    int shard = random.nextInt(Keys.ENTITY_SHARDS);
    List<Long> partners = new ArrayList<>();
    int[] seen = {0};
    facts.forEachPartnerInShard(shard, partner -> { // reservoir sampling: each partner equally likely
      seen[0]++;
      if (partners.size() < sample) {
        partners.add(partner);
      } else {
        int slot = random.nextInt(seen[0]);
        if (slot < sample) {
          partners.set(slot, partner);
        }
      }
    });
    return compare(started, shard, partners);
  }

  /** Compares {@code partners}, each at its own {@code now}. */
  Result compare(Instant started, int shard, List<Long> partners) throws StorageUnavailable, InterruptedException {
    int compared = 0;
    int skipped = 0;
    List<Drift> drifts = new ArrayList<>();
    for (long partner : partners) {
      if (clock.instant().isAfter(started.plus(BUDGET))) {
        skipped++;
        continue;
      }
      Comparison first = compareOne(partner);
      Comparison outcome = first == null || first.fields().isEmpty() ? first : compareOne(partner);
      if (outcome == null) {
        skipped++;
      } else {
        compared++;
        if (!outcome.fields().isEmpty()) {
          drifts.add(new Drift(partner, outcome.fields()));
        }
      }
    }
    return new Result(started, shard, compared, skipped, drifts);
  }

  private record Comparison(List<String> fields) {}

  /** Where the partner's standing, at {@code now}, differs from its live breakdown. */
  private List<String> standingDifferences(long partner, Instant now, Optional<PartnerBreakdown> live)
      throws StorageUnavailable {
    Optional<PartnerStanding> standing = readModel.standing(partner);
    if (standing.isPresent() && standing.get().from().isAfter(now)) {
      return List.of(); // written after now, and answers from later on: nothing to compare at now
    }
    try {
      return BreakdownDrift.standingDifferences(
          standing.isEmpty() ? Optional.empty() : engine.figures(standing.get(), now), live);
    } catch (IllegalStateException computedForOtherPolicies) {
      return List.of(BreakdownDrift.STANDING);
    }
  }

  /** The fields in which the partner's two answers differ; null when the read model is not caught up. */
  private Comparison compareOne(long partner) throws StorageUnavailable, InterruptedException {
    Instant now = clock.instant();
    PointsBreakdown.Answer.Live live =
        (PointsBreakdown.Answer.Live) breakdowns.answer(partner, now, now, PointsBreakdown.Source.LIVE);
    Instant liveRead = clock.instant();
    Instant deadline = liveRead.plus(WAIT);
    while (true) {
      PointsBreakdown.Answer.Live fromReadModel =
          (PointsBreakdown.Answer.Live) breakdowns.answer(partner, now, now, PointsBreakdown.Source.READ_MODEL);
      if (fromReadModel.source() != PointsBreakdown.Source.READ_MODEL
          || fromReadModel.changesUntil().isBefore(liveRead.minus(MAX_LAG))) {
        return null; // no read model yet, or far behind: lag, not drift
      }
      if (!fromReadModel.changesUntil().isBefore(liveRead)) {
        List<String> fields = new ArrayList<>(BreakdownDrift.differences(fromReadModel.breakdown(), live.breakdown()));
        fields.addAll(standingDifferences(partner, now, live.breakdown()));
        return new Comparison(fields);
      }
      if (!clock.instant().isBefore(deadline)) {
        return null;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
