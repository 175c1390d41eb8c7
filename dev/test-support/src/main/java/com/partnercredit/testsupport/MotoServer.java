package com.partnercredit.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code moto_server} child process on a free loopback port: either stock {@code moto_server}, or
 * {@code fast_moto.py} (a resource of this module) run by the same Python, which makes a DynamoDB Query
 * cost O(partition) instead of O(table); see {@link #startFast(Path)}.
 */
public final class MotoServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int OUTPUT_LIMIT = 64 * 1024;

  /** The launcher, on the classpath. */
  static final String FAST_LAUNCHER_RESOURCE = "/fast_moto.py";
  /** What the launcher prints once its Query shortcut is installed and self-checked. */
  static final String FAST_MARK = "fast_moto: Query candidates narrowed to the queried partition";
  /** What the launcher prints when it runs stock moto instead. */
  static final String STOCK_MARK = "fast_moto: WARNING: running stock moto";

  private final Process process;
  private final URI endpoint;
  private final StringBuffer output;

  private static Path extractedLauncher;

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
    return start(List.of(executable.toString()));
  }

  /**
   * Starts {@code fast_moto.py} with the Python interpreter that runs {@code motoServer}: moto's own
   * server, whose Query takes its candidates from the queried partition rather than from a sorted copy
   * of the whole table (every other step is moto's). When the launcher cannot start (interpreter not
   * found, launcher fails), logs a warning and starts stock {@code motoServer} instead. When the
   * launcher starts but finds a moto it was not written for, it runs stock moto itself, and this logs
   * its warning. {@link #fastQuery()} tells which one runs.
   */
  public static MotoServer startFast(Path motoServer) {
    return startFast(motoServer, MotoServer::launcher);
  }

  static MotoServer startFast(Path motoServer, java.util.function.Supplier<Path> launcher) {
    Optional<List<String>> python = pythonOf(motoServer);
    if (python.isEmpty()) {
      warn("cannot tell which Python runs " + motoServer + ": starting stock moto_server"
          + " (every DynamoDB Query then reads the whole table)");
      return start(motoServer);
    }
    List<String> command = new ArrayList<>(python.get());
    MotoServer server;
    try {
      command.add(launcher.get().toString());
      server = start(command);
    } catch (RuntimeException e) {
      warn("the fast moto launcher (" + String.join(" ", command) + ") did not start: starting stock moto_server"
          + " (every DynamoDB Query then reads the whole table). Reason: " + e.getMessage());
      return start(motoServer);
    }
    if (!server.fastQuery()) {
      String out = server.output();
      int at = out.indexOf(STOCK_MARK);
      warn(at >= 0 ? out.substring(at, lineEnd(out, at)) : "fast_moto.py runs stock moto. Its output:\n" + out);
    }
    return server;
  }

  private static MotoServer start(List<String> baseCommand) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // another process may take the port we picked
      int port = freeLoopbackPort();
      try {
        return startOn(baseCommand, port);
      } catch (PortLostException e) {
        last = e;
      }
    }
    throw last;
  }

  private static MotoServer startOn(List<String> baseCommand, int port) {
    String executable = String.join(" ", baseCommand);
    List<String> command = new ArrayList<>(baseCommand);
    command.addAll(List.of("-H", "127.0.0.1", "-p", String.valueOf(port)));
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().remove("MOTO_FAST"); // the Java side decided already
      process = builder.start();
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

  /** Whether this is {@code fast_moto.py} with its Query shortcut installed (not stock moto). */
  public boolean fastQuery() {
    return output.toString().contains(FAST_MARK);
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

  /**
   * The command that runs the Python of a {@code moto_server} script: its {@code #!} line when that names
   * a Python; for a pyenv shim, the {@code #!} line of the script {@code pyenv which} resolves it to.
   */
  static Optional<List<String>> pythonOf(Path motoServer) {
    return pythonOf(motoServer, 2);
  }

  private static Optional<List<String>> pythonOf(Path script, int depth) {
    String text;
    try {
      byte[] head;
      try (InputStream in = Files.newInputStream(script.toRealPath())) {
        head = in.readNBytes(4096);
      }
      text = new String(head, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    String first = text.lines().findFirst().orElse("");
    if (first.startsWith("#!") && first.contains("python")) {
      List<String> interpreter = List.of(first.substring(2).trim().split("\\s+"));
      return interpreter.get(0).isEmpty() ? Optional.empty() : Optional.of(interpreter);
    }
    Matcher longShebang = PIP_LONG_SHEBANG.matcher(text);
    if (first.equals("#!/bin/sh") && longShebang.find()) {
      return Optional.of(List.of(longShebang.group(1)));
    }
    Matcher shim = PYENV_SHIM.matcher(text);
    if (depth > 0 && shim.find()) {
      Matcher root = PYENV_ROOT.matcher(text);
      String pyenvRoot = root.find() ? root.group(1) : null;
      return pyenvWhich(Path.of(shim.group(1)), pyenvRoot, script.getFileName().toString())
          .flatMap(p -> pythonOf(p, depth - 1));
    }
    return Optional.empty();
  }

  /** pip's scripts whose Python path is too long for a {@code #!} line: {@code #!/bin/sh}, then {@code '''exec' "/path/python" "$0" ...}. */
  private static final Pattern PIP_LONG_SHEBANG = Pattern.compile("(?m)^'''exec' \"?([^\"\\s]+)\"? \"\\$0\"");

  /** The line pyenv's shims end with: {@code exec "/root/.pyenv/libexec/pyenv" exec "$program" "$@"}. */
  private static final Pattern PYENV_SHIM = Pattern.compile("exec \"([^\"]+/pyenv)\" exec ");
  private static final Pattern PYENV_ROOT = Pattern.compile("export PYENV_ROOT=\"([^\"]+)\"");

  private static Optional<Path> pyenvWhich(Path pyenv, String pyenvRoot, String program) {
    try {
      ProcessBuilder builder = new ProcessBuilder(pyenv.toString(), "which", program);
      if (pyenvRoot != null) {
        builder.environment().put("PYENV_ROOT", pyenvRoot);
      }
      Process which = builder.start();
      which.getOutputStream().close();
      String out = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      which.getErrorStream().transferTo(OutputStream.nullOutputStream());
      if (!which.waitFor(30, TimeUnit.SECONDS) || which.exitValue() != 0 || out.isEmpty()) {
        which.destroyForcibly();
        return Optional.empty();
      }
      Path resolved = Path.of(out.lines().findFirst().orElse(""));
      return Files.isRegularFile(resolved) ? Optional.of(resolved) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** {@code fast_moto.py} copied from the classpath to a temporary file (once per JVM). */
  static synchronized Path launcher() {
    if (extractedLauncher == null) {
      try (InputStream in = MotoServer.class.getResourceAsStream(FAST_LAUNCHER_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(FAST_LAUNCHER_RESOURCE + " is not on the classpath");
        }
        Path file = Files.createTempFile("fast_moto", ".py");
        file.toFile().deleteOnExit();
        Files.write(file, in.readAllBytes());
        extractedLauncher = file;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + FAST_LAUNCHER_RESOURCE + " to a temporary file", e);
      }
    }
    return extractedLauncher;
  }

  private static void warn(String message) {
    System.err.println("[MotoServer] WARNING: " + message);
  }

  private static int lineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
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
