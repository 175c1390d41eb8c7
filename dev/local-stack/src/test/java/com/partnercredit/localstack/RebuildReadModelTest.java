package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rebuild's command line: what a resume line prints is what it reads back; mistakes are refused. */
class RebuildReadModelTest {
  private static RebuildReadModel.Options parse(Map<String, String> env, String... args) {
    return RebuildReadModel.Options.parse(args, env::get);
  }

  @Test
  void byDefaultTheWholeTableFromTheEnvironment() {
    RebuildReadModel.Options options = parse(Map.of("TABLE_NAME", "t", "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
    assertEquals("t", options.table());
    assertEquals(URI.create("http://127.0.0.1:5000"), options.endpoint());
    assertEquals(0, options.from().shard());
    assertNull(options.from().client());
    assertNull(options.from().started());
    assertEquals(100, options.every());
    assertEquals(8, options.parallel());
  }

  @Test
  void aResumeLineReadsBackAsItsPoint() {
    RebuildReadModel.Options options = parse(Map.of(), "--table", "t", "--from-shard", "3", "--from-client", "42",
        "--started", "2026-12-08T01:00:00Z", "--dry-run", "--region", "eu-west-1");
    String printed = options.from().options();
    assertEquals("--from-shard 3 --from-client 42 --started 2026-12-08T01:00:00Z", printed);
    RebuildReadModel.Options again = parse(Map.of("TABLE_NAME", "t"), printed.split(" "));
    assertEquals(options.from(), again.from());
    assertEquals(Instant.parse("2026-12-08T01:00:00Z"), again.from().started());
    assertTrue(options.dryRun());
    assertEquals("eu-west-1", options.region());
  }

  @Test
  void aStandingsResumeLineReadsBackAsItsPoint() {
    RebuildReadModel.Options options = parse(Map.of("TABLE_NAME", "t"), "--from-shard", "5", "--started",
        "2026-12-08T01:00:00Z", "--standings");
    String printed = options.from().options();
    assertEquals("--from-shard 5 --started 2026-12-08T01:00:00Z --standings", printed);
    assertEquals(options.from(), parse(Map.of("TABLE_NAME", "t"), printed.split(" ")).from());
    assertTrue(options.from().standings());
    assertThrows(IllegalArgumentException.class,
        () -> parse(Map.of("TABLE_NAME", "t"), "--from-shard", "5", "--from-client", "42", "--standings"));
  }

  @Test
  void mistakesAreRefusedBeforeAnythingIsRead() {
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of("TABLE_NAME", "t"), "--from-client", "42"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of("TABLE_NAME", "t"), "--from-shard", "8"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of("TABLE_NAME", "t"), "--started", "yesterday"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of("TABLE_NAME", "t"), "--every", "0"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of("TABLE_NAME", "t"), "--parallel", "0"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of("TABLE_NAME", "t"), "--from-shard"));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of("TABLE_NAME", "t"), "--bogus"));
  }
}
