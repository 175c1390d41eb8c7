package com.partnercredit.tier;

import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerFigures;
import com.partnercredit.domain.PartnerStanding;
import com.partnercredit.domain.Tier;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StorageUnavailable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import javax.inject.Inject;

/**
 * The program view (docs/api.md, "The program view"): every partner's figures now, from the read
 * model's standings (one item per partner, never the clients), with the change since the
 * previous UTC day's publication.
 */
final class ProgramView {
  private final ReadModelStore readModel;
  private final SnapshotStore snapshots;
  private final CreditEngine engine;

  @Inject
  ProgramView(ReadModelStore readModel, SnapshotStore snapshots, CreditEngine engine) {
    this.readModel = readModel;
    this.snapshots = snapshots;
    this.engine = engine;
  }

  /** One partner in the listing: its figures now and, when published, the day before's. */
  record Row(PartnerFigures now, SnapshotStore.DayFigures yesterday) {
    BigDecimal total() {
      return now.points().total().rounded();
    }

    /** Points still needed for the next tier; null at the top tier. */
    BigDecimal needed() {
      return now.nextTier() == null ? null : now.nextTier().pointsNeeded().rounded();
    }

    String name() {
      return now.name() == null ? "" : now.name();
    }
  }

  /** A page of the listing; {@code next} is null on the last page. */
  record Listing(Instant asOf, Instant changesUntil, List<Row> rows, PartnersQuery.Cursor next) {}

  /** The read model has recorded no progress yet: nothing can be listed. */
  static final class NotReady extends Exception {
    NotReady() {
      this("the read model has not recorded any progress yet (after a first deploy, run bin/rebuild-read-model)");
    }

    NotReady(String message) {
      super(message);
    }
  }

  Listing list(PartnersQuery query, Instant now) throws StorageUnavailable, NotReady {
    PartnersQuery.Sort sort = query.sort();
    Key after = query.after() == null ? null : Key.of(query.after());
    Instant changesUntil = readModel.changesUntil().orElseThrow(NotReady::new);
    Map<Long, SnapshotStore.DayFigures> yesterday =
        snapshots.programDay(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1));
    List<Row> rows = new ArrayList<>();
    for (PartnerStanding standing : readModel.standings()) {
      Optional<PartnerFigures> figures = figures(standing, now);
      if (figures.isEmpty() || !query.tiers().contains(figures.get().tier())) {
        continue;
      }
      Row row = new Row(figures.get(), yesterday.get(standing.partnerId()));
      if (query.matches(standing.partnerId(), row.name()) && (after == null || Key.of(row, sort).compareTo(after) > 0)) {
        rows.add(row);
      }
    }
    rows.sort(Comparator.comparing(row -> Key.of(row, sort)));
    if (query.csv() || rows.size() <= query.limit()) {
      return new Listing(now, changesUntil, rows, null);
    }
    List<Row> page = List.copyOf(rows.subList(0, query.limit()));
    return new Listing(now, changesUntil, page, Key.of(page.get(page.size() - 1), sort).cursor());
  }

  /** A standing that cannot answer now (a tier policy that needs more than it kept) stops the listing. */
  private Optional<PartnerFigures> figures(PartnerStanding standing, Instant now) throws NotReady {
    try {
      return engine.figures(standing, now);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new NotReady("the standing of partner " + standing.partnerId() + " cannot answer now (" + e.getMessage()
          + "); run bin/rebuild-read-model");
    }
  }

  /** How many partners sat in each tier on each published day from {@code from} to {@code to}. */
  SortedMap<LocalDate, Map<Tier, Integer>> tiers(LocalDate from, LocalDate to) throws StorageUnavailable {
    return snapshots.tierCounts(from, to);
  }

  /**
   * Where a row sorts: its sort value, then its id. A descending sort negates the number, and a
   * missing number (no next tier) sorts last.
   */
  record Key(PartnersQuery.Sort sort, BigDecimal number, String text, long partnerId) implements Comparable<Key> {
    static Key of(Row row, PartnersQuery.Sort sort) {
      return switch (sort) {
        case TOTAL_DESC, TOTAL -> new Key(sort, row.total(), "", row.now().partnerId());
        case NAME -> new Key(sort, null, row.name().toLowerCase(Locale.ROOT), row.now().partnerId());
        case POINTS_NEEDED -> new Key(sort, row.needed(), "", row.now().partnerId());
      };
    }

    /** Where the cursor's last row sorted ({@link PartnersQuery.Cursor#decode} checked its value). */
    static Key of(PartnersQuery.Cursor cursor) {
      PartnersQuery.Sort sort = cursor.sort();
      return switch (sort) {
        case TOTAL_DESC, TOTAL -> new Key(sort, new BigDecimal(cursor.value()), "", cursor.partnerId());
        case NAME -> new Key(sort, null, cursor.value(), cursor.partnerId());
        case POINTS_NEEDED -> new Key(sort,
            cursor.value().isEmpty() ? null : new BigDecimal(cursor.value()), "", cursor.partnerId());
      };
    }

    PartnersQuery.Cursor cursor() {
      String value = sort == PartnersQuery.Sort.NAME ? text : number == null ? "" : number.toPlainString();
      return new PartnersQuery.Cursor(sort, value, partnerId);
    }

    @Override
    public int compareTo(Key other) {
      int c;
      if (number == null || other.number == null) {
        c = sort == PartnersQuery.Sort.NAME ? text.compareTo(other.text)
            : Boolean.compare(number == null, other.number == null);
      } else {
        c = sort == PartnersQuery.Sort.TOTAL_DESC ? other.number.compareTo(number) : number.compareTo(other.number);
      }
      return c != 0 ? c : Long.compare(partnerId, other.partnerId);
    }
  }
}
