package com.partnercredit.metrics;

/** The CloudWatch units partner-credit's metrics use (EMF's {@code Unit}). */
public enum Unit {
  COUNT("Count"),
  MILLISECONDS("Milliseconds"),
  SECONDS("Seconds");

  private final String cloudWatchName;

  Unit(String cloudWatchName) {
    this.cloudWatchName = cloudWatchName;
  }

  /** The name CloudWatch uses ({@code Count}, {@code Milliseconds}, {@code Seconds}). */
  public String cloudWatchName() {
    return cloudWatchName;
  }
}
