package com.partnercredit.tier;

import org.junit.jupiter.api.Test;

/** The benchmark's main at a tiny size, so that it cannot rot unseen: it throws on any non-200. */
class ReadModelBenchmarkIT {
  @Test
  void runsAtATinySize() throws Exception {
    System.setProperty("runs", "1");
    try {
      ReadModelBenchmark.main(new String[] {"3"});
    } finally {
      System.clearProperty("runs");
    }
  }
}
