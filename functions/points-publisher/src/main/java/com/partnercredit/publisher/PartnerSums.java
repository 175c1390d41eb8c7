package com.partnercredit.publisher;

import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Points;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A partner's exact sums over some of its clients (one group, one shard, or all of them): managed
 * points (an exact fraction, never rounded, never a binary number), counted activities and the
 * serviced clients. Sums of disjoint sets of clients add up to the sums over their union, so the
 * shards' sums add up to exactly what evaluating the partner with all its clients gives: points are
 * linear in credit and {@link Points} adds exactly.
 */
final class PartnerSums {
  private Points managed = Points.ZERO;
  private long counted;
  private final List<PartnerResult.ServicedClient> serviced = new ArrayList<>();

  /** Adds the partner's share of one evaluation of some of its clients. */
  void add(PartnerBreakdown b) {
    managed = managed.plus(b.points().managed());
    counted += b.qualifyingActivities().count();
    serviced.addAll(PartnerResult.servicedIn(b));
  }

  /** Adds the sums over other clients (another shard's). */
  void add(PartnerSums other) {
    managed = managed.plus(other.managed);
    counted += other.counted;
    serviced.addAll(other.serviced);
  }

  void add(Points managedPoints, long countedActivities, List<PartnerResult.ServicedClient> servicedClients) {
    managed = managed.plus(managedPoints);
    counted += countedActivities;
    serviced.addAll(servicedClients);
  }

  Points managed() {
    return managed;
  }

  long counted() {
    return counted;
  }

  List<PartnerResult.ServicedClient> serviced() {
    return serviced;
  }

  /**
   * One serviced client as stored in a partial item: {@code <clientId> <exact points> <creditUntil
   * epoch ms or ->}. Exact, and a few dozen bytes.
   */
  static String encode(PartnerResult.ServicedClient client) {
    return client.clientId() + " " + client.managedPoints().exact() + " "
        + (client.creditUntil() == null ? "-" : Long.toString(client.creditUntil().toEpochMilli()));
  }

  static PartnerResult.ServicedClient decode(String encoded) {
    String[] parts = encoded.split(" ");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a serviced client: " + encoded);
    }
    return new PartnerResult.ServicedClient(Long.parseLong(parts[0]), Points.ofExact(parts[1]),
        parts[2].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(parts[2])));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartnerSums s && managed.equals(s.managed) && counted == s.counted
        && serviced.equals(s.serviced);
  }

  @Override
  public int hashCode() {
    return Objects.hash(managed, counted, serviced);
  }

  @Override
  public String toString() {
    return "PartnerSums[managed=" + managed.exact() + ", counted=" + counted + ", serviced=" + serviced + "]";
  }
}
