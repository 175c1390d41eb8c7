package com.partnercredit.domain;

/** Why a partner does or does not get managed credit for a client at a time (docs/api.md section 4). */
public enum CreditStatus {
  /** At least one counted activity is unexpired and the relationship has not ended. */
  SERVICED,
  /** Activities counted, but the latest is 60 days or more old. */
  EXPIRED,
  /** The last employee user was removed from the client account (section 6); nothing counted since. */
  ENDED,
  /** Qualifying activities by employees did not count: a step of section 2 was missing at the time. */
  NOT_ASSIGNED_AT_ACTIVITY,
  /** Assigned, but no qualifying activity by an employee. */
  NO_QUALIFYING_ACTIVITY,
  /** Serviced, but the client's currency has no US$100 equivalent in force: 0 points (section 8). */
  NO_CONVERSION_RATE
}
