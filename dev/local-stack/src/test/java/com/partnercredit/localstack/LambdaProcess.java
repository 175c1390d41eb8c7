package com.partnercredit.localstack;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One function in a JVM of its own ({@link SnapStartRuntime}), started with exactly the environment
 * it is given (nothing of this JVM's), on its shaded jar and the Lambda runtime's serialization
 * library: the test drives its init, checkpoint, restore and invocations.
 */
final class LambdaProcess implements AutoCloseable {
  private static final long WAIT_SECONDS = 180;

  private final String name;
  private final Process process;
  private final Writer in;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>(); // guarded by itself
  private int invocations;

  private LambdaProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread pump = new Thread(this::pump, name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code handler} ({@code class::method}) from {@code jar} with {@code environment} and no
   * other variable, and waits for its init.
   *
   * @param home an empty directory for {@code user.home}: a developer's {@code ~/.aws} must not
   *     decide which credentials the function finds
   */
  static LambdaProcess start(TemplateFunctions.Function function, Path jar, Map<String, String> environment,
      Path home) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(SnapStartRuntime.CRAC_COMPAT);
    command.add("-Duser.home=" + home);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, jar.toString(), ColdStartProbe.location(
        com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers.class),
        ColdStartProbe.location(LambdaFunction.class), ColdStartProbe.location(SnapStartRuntime.class)));
    command.add(SnapStartRuntime.class.getName());
    command.add(function.handler());
    command.add(environment.get("AWS_LAMBDA_FUNCTION_NAME"));
    command.add(Integer.toString(function.timeoutSeconds()));
    command.add(Integer.toString(function.memoryMb()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    LambdaProcess started = new LambdaProcess(function.logicalId(), builder.start());
    String initialized = started.await("initialized");
    if (Integer.parseInt(initialized.trim()) < 1) {
      throw new AssertionError(function.logicalId() + "'s handler registered no org.crac resource with the global"
          + " context: SnapStart would neither prime it nor restore it\n" + started.output());
    }
    return started;
  }

  /** Runs every {@code beforeCheckpoint} and waits where the snapshot would be taken. */
  void checkpoint() {
    send("checkpoint");
    await("checkpointed");
  }

  /** Runs every {@code afterRestore}. */
  void restore() {
    send("restore");
    await("restored");
  }

  /** Invokes the handler with an event (JSON) and answers its result (JSON); fails with the function's output. */
  String invoke(String event) {
    send("invoke " + name + "-" + (++invocations) + " "
        + Base64.getEncoder().encodeToString(event.getBytes(StandardCharsets.UTF_8)));
    String result = await("result");
    return new String(Base64.getDecoder().decode(result.trim()), StandardCharsets.UTF_8);
  }

  /** Everything the function wrote, its logs and metrics included. */
  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  private void send(String line) {
    try {
      in.write(line + "\n");
      in.flush();
    } catch (IOException e) {
      throw new AssertionError(name + " is gone (" + e + "):\n" + output(), e);
    }
  }

  private String await(String answer) {
    String line;
    try {
      line = answers.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (line == null) {
      throw new AssertionError(name + ": no " + answer + " within " + WAIT_SECONDS + " s (alive: " + process.isAlive()
          + "). Its output:\n" + output());
    }
    if (line.startsWith("error ")) {
      throw new AssertionError(name + ": " + new String(Base64.getDecoder().decode(line.substring(6).trim()),
          StandardCharsets.UTF_8) + "\nIts output:\n" + output());
    }
    if (!line.startsWith(answer)) {
      throw new AssertionError(name + ": expected " + answer + ", got " + line + "\nIts output:\n" + output());
    }
    return line.substring(answer.length());
  }

  private void pump() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        // outside Lambda's runtime, the runtime's logger writes a message with no line end: an answer may follow it
        int mark = line.indexOf(SnapStartRuntime.MARK);
        String own = mark < 0 ? line : line.substring(0, mark);
        if (!own.isEmpty()) {
          synchronized (output) {
            output.add(own);
          }
        }
        if (mark >= 0) {
          answers.add(line.substring(mark + SnapStartRuntime.MARK.length()));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    answers.add("error " + SnapStartRuntime.encode("the function's JVM exited"));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try {
        send("exit");
      } catch (AssertionError gone) {
        // already exiting
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
