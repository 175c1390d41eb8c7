package com.partnercredit.tier;

import static com.partnercredit.domain.Scenario.d;

import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.Scenario;

/** A partner's breakdown for the formatting tests, evaluated in memory from the shared {@link Scenario}. */
final class Breakdowns {
  static final long PARTNER = 1;
  static final long ACME = 10;
  static final long IDLE = 20;
  static final String ALICE = "alice@agency.com";
  static final String BOB = "bob@agency.com";

  private Breakdowns() {}

  /**
   * Partner 1 with alice and bob, both users of Acme (USD 1000.00, both active); Idle (USD 500.00)
   * has alice as a user who never did anything; one sourced deal on Idle. Evaluated at D10.
   */
  static PartnerBreakdown partner() {
    return new Scenario()
        .partner(PARTNER, "agency.com")
        .employeeAdded(PARTNER, 901, ALICE, d(0))
        .employeeAdded(PARTNER, 902, BOB, d(0))
        .client(ACME, "Acme, \"the best\" Inc", "USD", "1000.00", d(0))
        .client(IDLE, "Idle", "USD", "500.00", d(0))
        .userAdded(ACME, 11, ALICE, d(1))
        .userAdded(ACME, 12, BOB, d(1))
        .userAdded(IDLE, 21, ALICE, d(1))
        .activity(ACME, 11, d(2))
        .activity(ACME, 12, d(3))
        .dealSold(PARTNER, IDLE, "200.00", "USD", DealKind.SOURCED, d(4))
        .partner(PARTNER, d(10));
  }
}
