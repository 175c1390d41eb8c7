package com.partnercredit.localstack;

import java.util.Properties;

/** Restores the JVM's system properties, which the local stack and these tests set for handlers. */
final class SystemPropertiesSnapshot {
  private final Properties saved = (Properties) System.getProperties().clone();

  void restore() {
    System.setProperties(saved);
  }
}
