package com.partnercredit.localstack;

import org.junit.jupiter.api.Test;

/** The benchmark's main at a tiny size, so that it cannot rot unseen: it throws on any non-200. */
class BreakdownBenchmarkIT {
  @Test
  void runsAtATinySize() throws Exception {
    System.setProperty("runs", "1");
    try {
      BreakdownBenchmark.main(new String[] {"3"});
    } finally {
      System.clearProperty("runs");
    }
  }
}
