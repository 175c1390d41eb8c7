package com.partnercredit.tier;

import com.partnercredit.store.Snapshot;
import com.partnercredit.store.SnapshotChange;
import com.partnercredit.store.SnapshotStore;
import com.partnercredit.store.StorageUnavailable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * A partner's history (docs/api.md section 4): its daily snapshots from {@code from} to {@code to},
 * oldest first, each with what changed since the one before it (the same {@link SnapshotChange} the
 * publisher's {@code PartnerTierPoints} event said that day). Two Queries: the snapshot before
 * {@code from} (for the first day's change) and the days of the range. Days without a snapshot are
 * absent, not zero.
 */
public final class PointsHistory {
  private final SnapshotStore snapshots;

  @Inject
  public PointsHistory(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  /** One day of the history. */
  public record Day(Snapshot snapshot, SnapshotChange change) {}

  public List<Day> of(long partnerId, LocalDate from, LocalDate to) throws StorageUnavailable {
    Optional<Snapshot> previous = snapshots.before(partnerId, from);
    List<Day> days = new ArrayList<>();
    for (Snapshot snapshot : snapshots.between(partnerId, from, to)) {
      days.add(new Day(snapshot, snapshot.changeSince(previous)));
      previous = Optional.of(snapshot);
    }
    return days;
  }
}
