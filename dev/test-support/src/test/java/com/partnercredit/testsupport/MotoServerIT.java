package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class MotoServerIT {

  @Test
  void startsOnALoopbackPortAnswersDynamoDbAndStops() {
    Optional<Path> moto = Emulator.onPath("moto_server", System.getenv("PATH"));
    assumeTrue(moto.isPresent(), "moto_server is not on the PATH");

    MotoServer server = MotoServer.start(moto.get());
    try {
      assertEquals("127.0.0.1", server.endpoint().getHost());
      Emulator emulator = new Emulator(Emulator.Kind.MOTO_SERVER, server.endpoint(), Region.US_EAST_1,
          Emulator.credentials(java.util.Map.of()));
      try (DynamoDbClient client = emulator.newDynamoDbClient()) {
        assertEquals(0, client.listTables().tableNames().size(), "a fresh moto has no tables");
      }
    } finally {
      server.close();
    }

    assertFalse(server.isAlive());
  }

  @Test
  void aServerThatDiesReportsItsOutput(@TempDir Path dir) throws Exception {
    Path fake = dir.resolve("moto_server");
    Files.writeString(fake, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'flask'\" >&2\nexit 3\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> MotoServer.start(fake));

    assertTrue(e.getMessage().contains("No module named 'flask'"), e.getMessage());
    assertTrue(e.getMessage().contains("status 3"), e.getMessage());
  }

  @Test
  void theFastLauncherRunsWithMotoServersPythonAndAnswersDynamoDb() {
    Path moto = motoServer();

    try (MotoServer server = MotoServer.startFast(moto)) {
      assertTrue(server.fastQuery(), "fast_moto.py did not install its Query shortcut. Its output:\n" + server.output());
      assertTrue(answersDynamoDb(server));
    }
  }

  @Test
  void findsThePythonBehindMotoServer() {
    Path moto = motoServer();

    Optional<java.util.List<String>> python = MotoServer.pythonOf(moto);

    assertTrue(python.isPresent(), "no Python found for " + moto);
  }

  @Test
  void aLauncherThatCannotStartFallsBackToStockMoto(@TempDir Path dir) throws Exception {
    Path moto = motoServer();
    Path broken = Files.writeString(dir.resolve("broken_launcher.py"), "raise SystemExit('broken launcher')\n");

    try (MotoServer server = MotoServer.startFast(moto, () -> broken)) {
      assertFalse(server.fastQuery());
      assertTrue(answersDynamoDb(server));
    }
  }

  private static Path motoServer() {
    Optional<Path> moto = Emulator.onPath("moto_server", Emulator.searchPath(System.getenv()));
    assumeTrue(moto.isPresent(), "moto_server is not on the PATH");
    return moto.get();
  }

  private static boolean answersDynamoDb(MotoServer server) {
    Emulator emulator = new Emulator(Emulator.Kind.MOTO_SERVER, server.endpoint(), Region.US_EAST_1,
        Emulator.credentials(java.util.Map.of()));
    try (DynamoDbClient client = emulator.newDynamoDbClient()) {
      return client.listTables().tableNames().isEmpty();
    }
  }
}
