package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorSelectionTest {

  private static final Path MOTO = Path.of("/opt/moto/bin/moto_server");

  @Test
  void endpointUrlWinsWithoutProbingDockerOrMoto() {
    AtomicBoolean probed = new AtomicBoolean();

    Emulator.Plan plan = Emulator.plan(Map.of("AWS_ENDPOINT_URL", "http://10.1.2.3:4566"),
        () -> { probed.set(true); return true; },
        name -> { probed.set(true); return Optional.of(MOTO); });

    assertEquals(Emulator.Kind.ENDPOINT_URL, plan.kind());
    assertEquals(URI.create("http://10.1.2.3:4566"), plan.endpoint());
    assertFalse(probed.get(), "no probe when AWS_ENDPOINT_URL is set");
  }

  @Test
  void blankEndpointUrlIsIgnored() {
    Emulator.Plan plan = Emulator.plan(Map.of("AWS_ENDPOINT_URL", "  "), () -> true, name -> Optional.empty());

    assertEquals(Emulator.Kind.LOCALSTACK, plan.kind());
  }

  @Test
  void malformedEndpointUrlIsAClearError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Emulator.plan(Map.of("AWS_ENDPOINT_URL", "localhost"), () -> true, name -> Optional.empty()));

    assertTrue(e.getMessage().contains("AWS_ENDPOINT_URL"), e.getMessage());
  }

  @Test
  void localStackWhenDockerIsAvailable() {
    Emulator.Plan plan = Emulator.plan(Map.of(), () -> true, name -> Optional.of(MOTO));

    assertEquals(Emulator.Kind.LOCALSTACK, plan.kind());
    assertNull(plan.endpoint());
  }

  @Test
  void motoServerWhenNoDocker() {
    Emulator.Plan plan = Emulator.plan(Map.of(), () -> false,
        name -> name.equals("moto_server") ? Optional.of(MOTO) : Optional.empty());

    assertEquals(Emulator.Kind.MOTO_SERVER, plan.kind());
    assertEquals(MOTO, plan.motoServer());
  }

  @Test
  void nothingAvailableSaysHowToGetAnEmulator() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Emulator.plan(Map.of(), () -> false, name -> Optional.empty()));

    String message = e.getMessage();
    assertTrue(message.contains("AWS_ENDPOINT_URL"), message);
    assertTrue(message.contains("Docker"), message);
    assertTrue(message.contains("pip install 'moto[server]'"), message);
  }

  @Test
  void regionDefaultsToUsEast1AndHonoursAwsRegion() {
    assertEquals("us-east-1", Emulator.region(Map.of()));
    assertEquals("eu-central-1", Emulator.region(Map.of("AWS_REGION", "eu-central-1")));
  }

  @Test
  void dummyCredentialsUnlessConfigured() {
    var dummy = Emulator.credentials(Map.of()).resolveCredentials();
    var configured = Emulator.credentials(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s3cr3t"))
        .resolveCredentials();

    assertEquals("test", dummy.accessKeyId());
    assertEquals("test", dummy.secretAccessKey());
    assertEquals("AKID", configured.accessKeyId());
    assertEquals("s3cr3t", configured.secretAccessKey());
  }

  @Test
  void findsAnExecutableOnThePath(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path moto = Files.createFile(bin.resolve("moto_server"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    assertEquals(Optional.of(moto), Emulator.onPath("moto_server", empty + ":" + bin));
    assertEquals(Optional.empty(), Emulator.onPath("moto_server", empty.toString()));
  }

  @Test
  void alsoLooksWherePipAndPyenvPutScripts(@TempDir Path home) throws Exception {
    Path shims = Files.createDirectories(home.resolve(".pyenv/shims"));
    Path moto = Files.createFile(shims.resolve("moto_server"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    String path = Emulator.searchPath(Map.of("HOME", home.toString(), "PATH", "/nonexistent"));

    assertEquals(Optional.of(moto), Emulator.onPath("moto_server", path));
  }

  @Test
  void fastMotoUnlessTurnedOff() {
    assertTrue(Emulator.fastMoto(Map.of(), null));
    assertTrue(Emulator.fastMoto(Map.of("MOTO_FAST", "true"), null));
    assertFalse(Emulator.fastMoto(Map.of("MOTO_FAST", "false"), null));
    assertFalse(Emulator.fastMoto(Map.of("MOTO_FAST", " 0 "), null));
    assertFalse(Emulator.fastMoto(Map.of(), "false"));
    assertTrue(Emulator.fastMoto(Map.of("MOTO_FAST", "false"), "true"), "the system property wins");
  }

  @Test
  void pythonOfAScriptIsItsShebang(@TempDir Path dir) throws Exception {
    Path direct = Files.writeString(dir.resolve("moto_server"), "#!/opt/py/bin/python3.11\nimport sys\n");
    Path env = Files.writeString(dir.resolve("moto_server_env"), "#!/usr/bin/env python3\nimport sys\n");
    Path longPath = Files.writeString(dir.resolve("moto_server_long"),
        "#!/bin/sh\n'''exec' \"/very/long/venv/bin/python\" \"$0\" \"$@\"\n' '''\nimport sys\n");
    Path shell = Files.writeString(dir.resolve("moto_server_sh"), "#!/bin/sh\nexec moto \"$@\"\n");

    assertEquals(Optional.of(java.util.List.of("/opt/py/bin/python3.11")), MotoServer.pythonOf(direct));
    assertEquals(Optional.of(java.util.List.of("/usr/bin/env", "python3")), MotoServer.pythonOf(env));
    assertEquals(Optional.of(java.util.List.of("/very/long/venv/bin/python")), MotoServer.pythonOf(longPath));
    assertEquals(Optional.empty(), MotoServer.pythonOf(shell));
    assertEquals(Optional.empty(), MotoServer.pythonOf(dir.resolve("missing")));
  }
}
