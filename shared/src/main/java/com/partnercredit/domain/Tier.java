package com.partnercredit.domain;

/** Partner tiers in order (section 10); below GOLD is PROVIDER. */
public enum Tier {
  PROVIDER,
  GOLD,
  PLATINUM,
  DIAMOND,
  ELITE
}
