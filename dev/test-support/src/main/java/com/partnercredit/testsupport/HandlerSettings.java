package com.partnercredit.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a handler reads at init, for a test: set as JVM system properties (which the
 * functions' {@code Config} reads when the environment has no such variable) pointing at a test
 * table on the emulator; {@link #close()} puts back what was there before.
 */
public final class HandlerSettings implements AutoCloseable {
  private final Map<String, String> previous = new LinkedHashMap<>();

  private HandlerSettings() {}

  /** The table, its emulator and region, and dummy credentials. */
  public static HandlerSettings forTable(TestTable table) {
    return new HandlerSettings()
        .set("AWS_ENDPOINT_URL", table.endpoint().toString())
        .set("AWS_REGION", table.region().id())
        .set("TABLE_NAME", table.name())
        .set("aws.accessKeyId", "test")
        .set("aws.secretAccessKey", "test");
  }

  public HandlerSettings set(String name, String value) {
    if (!previous.containsKey(name)) {
      previous.put(name, System.getProperty(name));
    }
    System.setProperty(name, value);
    return this;
  }

  @Override
  public void close() {
    previous.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
    previous.clear();
  }
}
