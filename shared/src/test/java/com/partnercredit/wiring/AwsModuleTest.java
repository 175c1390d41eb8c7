package com.partnercredit.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partnercredit.store.FactStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client keeps a connection alive for every read a breakdown may have in flight. */
class AwsModuleTest {
  private static final String PROPERTY = "http.maxConnections";
  private String before;

  @BeforeEach
  void save() {
    before = System.getProperty(PROPERTY);
    System.clearProperty(PROPERTY);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, before);
    }
  }

  @Test
  void asManyIdleConnectionsAreKeptAsReadsMayBeInFlight() {
    AwsModule.keepAliveForEveryReadInFlight();

    assertEquals(Integer.toString(FactStore.READS_IN_FLIGHT), System.getProperty(PROPERTY));
  }

  @Test
  void aValueGivenToTheJvmWins() {
    System.setProperty(PROPERTY, "7");

    AwsModule.keepAliveForEveryReadInFlight();

    assertEquals("7", System.getProperty(PROPERTY));
  }
}
