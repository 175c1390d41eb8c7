package com.partnercredit.publisher;

/**
 * A step found the run's working items missing, expired, or written for another plan: the step
 * before it did not complete for this plan. Not bad data and not an outage: the run must be planned
 * again (a new execution for the same time).
 */
public final class RunIncomplete extends Exception {
  public RunIncomplete(String message) {
    super(message);
  }
}
