package com.partnercredit.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code moto_server} child process on a free loopback port. */
public final class MotoServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int OUTPUT_LIMIT = 64 * 1024;

  private final Process process;
  private final URI endpoint;
  private final StringBuffer output;

  private MotoServer(Process process, URI endpoint, StringBuffer output) {
    this.process = process;
    this.endpoint = endpoint;
    this.output = output;
  }

  /**
   * Starts {@code <executable> -H 127.0.0.1 -p <free port>} and waits until it answers HTTP.
   *
   * @throws IllegalStateException with the process output when it exits or does not answer in time
   */
  public static MotoServer start(Path executable) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // another process may take the port we picked
      int port = freeLoopbackPort();
      try {
        return startOn(executable, port);
      } catch (PortLostException e) {
        last = e;
      }
    }
    throw last;
  }

  private static MotoServer startOn(Path executable, int port) {
    Process process;
    try {
      process = new ProcessBuilder(List.of(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port)))
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage(), e);
    }
    StringBuffer output = new StringBuffer();
    Thread pump = new Thread(() -> pump(process.getInputStream(), output), "moto_server-output");
    pump.setDaemon(true);
    pump.start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    MotoServer server = new MotoServer(process, endpoint, output);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answers(endpoint)) {
      if (!process.isAlive()) {
        waitQuietly(pump);
        String out = output.toString();
        String message = executable + " -H 127.0.0.1 -p " + port + " exited with status " + process.exitValue()
            + " before answering. Its output:\n" + out;
        if (out.contains("Address already in use") || out.contains("address already in use")) {
          throw new PortLostException(message);
        }
        throw new IllegalStateException(message);
      }
      if (System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException(executable + " did not answer on " + endpoint + " within "
            + START_TIMEOUT.toSeconds() + " s. Its output:\n" + output);
      }
      sleep(100);
    }
    return server;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** What the process printed so far (stdout and stderr, at most the first 64 KiB). */
  public String output() {
    return output.toString();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the process and any child it started; waits for it briefly. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static boolean answers(URI endpoint) {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(5000);
      try {
        return connection.getResponseCode() > 0;
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void pump(InputStream in, StringBuffer output) {
    byte[] buffer = new byte[4096];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (output.length() < OUTPUT_LIMIT) {
          output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException closed) {
      // the process ended
    }
  }

  private static void waitQuietly(Thread thread) {
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for moto_server", e);
    }
  }

  private static final class PortLostException extends IllegalStateException {
    PortLostException(String message) {
      super(message);
    }
  }
}
