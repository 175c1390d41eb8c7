package com.partnercredit.store;

/**
 * The table's key formats, in one place. Numbers inside sort keys are zero-padded so that the
 * string order is the time order.
 *
 * <pre>
 * pk                         sk                                          item
 * CLIENT#&lt;clientId&gt;          ACTIVITY#USER#&lt;userId&gt;#&lt;occurredAt&gt;#&lt;eventId&gt;    a qualifying activity
 * DEADLETTER#&lt;route&gt;#&lt;day&gt;  &lt;sha-256 of the raw event&gt;                   an unreadable webhook event
 * </pre>
 */
public final class Keys {
  private Keys() {}

  public static String client(long clientId) {
    return "CLIENT#" + clientId;
  }

  /** Prefix of every activity of {@code userId} on a client, in time order. */
  public static String activitiesOfUser(long userId) {
    return "ACTIVITY#USER#" + userId + "#";
  }

  public static String activity(long userId, long occurredAtMillis, long eventId) {
    return activitiesOfUser(userId) + instant(occurredAtMillis) + "#" + eventId;
  }

  /** An epoch-millisecond instant, zero-padded to 13 digits (good until the year 2286). */
  public static String instant(long epochMillis) {
    return String.format("%013d", epochMillis);
  }

  public static String deadLetters(String route, String isoDay) {
    return "DEADLETTER#" + route + "#" + isoDay;
  }
}
