package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class EmulatorIT {

  @Test
  void oneEmulatorPerJvm() {
    assertSame(Emulator.shared(), Emulator.shared());
  }

  @Test
  void awsEndpointUrlIsUsedAsGiven() {
    Emulator running = Emulator.shared();
    String name = "endpoint-url-" + UUID.randomUUID().toString().substring(0, 8);

    Emulator viaEnv = Emulator.start(Map.of("AWS_ENDPOINT_URL", running.endpoint().toString(), "AWS_REGION", "us-east-1"));

    assertEquals(Emulator.Kind.ENDPOINT_URL, viaEnv.kind());
    assertEquals(running.endpoint(), viaEnv.endpoint());
    try (DynamoDbClient direct = running.newDynamoDbClient(); DynamoDbClient client = viaEnv.newDynamoDbClient()) {
      TemplateTable.fromTemplate().create(direct, name);
      try {
        assertTrue(client.listTables().tableNames().contains(name), "the client talks to the given endpoint");
      } finally {
        direct.deleteTable(b -> b.tableName(name));
      }
    }
  }
}
