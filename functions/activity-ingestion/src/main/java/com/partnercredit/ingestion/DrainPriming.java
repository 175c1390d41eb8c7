package com.partnercredit.ingestion;

import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.inject.Inject;

/**
 * SnapStart priming of the drain ({@link Priming}): a whole run in a dry run, its Queries of every
 * partition of the pending writes answered inside the process (they find nothing), its measurement
 * written.
 */
final class DrainPriming {
  private final DryRunHttpClient http;
  private final PendingDrain drain;

  @Inject
  DrainPriming(DryRunHttpClient http, PendingDrain drain) {
    this.http = http;
    this.drain = drain;
  }

  Priming.Report prime() {
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("run", () -> drain.run(Priming.REQUEST_ID).pendingDone());
    return Priming.run(http, steps);
  }
}
