package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Runs {@link Sample} through the JUnit launcher, then checks what the extension did. */
class DynamoDbExtensionIT {

  static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  @Test
  void sharesTheTableWithNestedClassesAndDeletesItAfterTheClass() {
    SEEN.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class)).build();

    LauncherFactory.create().execute(request, listener);

    TestExecutionSummary summary = listener.getSummary();
    summary.getFailures().forEach(f -> f.getException().printStackTrace());
    assertEquals(0, summary.getTotalFailureCount(), "the sample's own assertions");
    assertEquals(3, summary.getTestsSucceededCount());
    String table = SEEN.get("outer");
    assertNotNull(table);
    assertEquals(table, SEEN.get("parameter"), "accessor and parameter give the same table");
    assertEquals(table, SEEN.get("nested"), "a @Nested class uses its outer class's table");
    assertEquals("true", SEEN.get("existedDuringClass"));
    try (DynamoDbClient client = Emulator.shared().newDynamoDbClient()) {
      assertThrows(ResourceNotFoundException.class, () -> client.describeTable(b -> b.tableName(table)),
          "the table is deleted after the class");
    }
  }

  /** Not run by failsafe on its own (nested classes are excluded): only through the launcher above. */
  static class Sample {
    @RegisterExtension
    static final DynamoDbExtension dynamo = new DynamoDbExtension();

    @Test
    void accessors() {
      SEEN.put("outer", dynamo.tableName());
      assertEquals(Emulator.shared().endpoint(), dynamo.endpoint());
      assertEquals(dynamo.tableName(), dynamo.table().name());
    }

    @Test
    void parameters(TestTable table, DynamoDbClient client) {
      SEEN.put("parameter", table.name());
      assertSame(table.client(), client);
    }

    @AfterAll
    static void tableStillExists() {
      dynamo.client().describeTable(b -> b.tableName(dynamo.tableName()));
      SEEN.put("existedDuringClass", "true");
    }

    @Nested
    class Inner {
      @Test
      void nestedClass(TestTable table) {
        SEEN.put("nested", table.name());
      }
    }
  }
}
