package com.partnercredit.localstack;

import com.partnercredit.localstack.crac.Core;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A SnapStart function's JVM, driven line by line by {@link LambdaProcess} (in the test's JVM) over
 * standard input and output: the handler's init (its public no-arg constructor, as the Lambda Java
 * runtime calls it), then, on {@code checkpoint}, {@code org.crac.Core.checkpointRestore()}: every
 * {@code beforeCheckpoint} the handler registered, a pause until {@code restore}, every
 * {@code afterRestore} ({@link Core}); then each {@code invoke <request id> <event JSON>} through the
 * Lambda runtime's serializer, and {@code exit}.
 *
 * <p>Its answers are lines starting with {@link #MARK}: {@code initialized}, {@code checkpointed},
 * {@code restored}, {@code result <base64 JSON>}, {@code error <base64 text>}. Everything else on its
 * output is the function's own (logs, metrics).
 *
 * <pre>SnapStartRuntime &lt;class::method&gt; &lt;function name&gt; &lt;timeout s&gt; &lt;memory MB&gt;</pre>
 */
public final class SnapStartRuntime {
  static final String MARK = "@@snapstart-runtime ";
  /** The system property that makes {@code org.crac} use {@link Core}. */
  static final String CRAC_COMPAT = "-Dorg.crac.Core.Compat=" + Core.class.getPackageName();

  private SnapStartRuntime() {}

  public static void main(String[] args) throws Exception {
    String handler = args[0];
    String functionName = args[1];
    int timeoutSeconds = Integer.parseInt(args[2]);
    int memoryMb = Integer.parseInt(args[3]);
    PrintStream out = System.out;
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    LambdaFunction lambda;
    try {
      lambda = LambdaFunction.load(handler, SnapStartRuntime.class.getClassLoader());
    } catch (RuntimeException | Error e) {
      answer(out, "error " + encode("init failed: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")")));
      System.exit(1);
      return;
    }
    answer(out, "initialized " + Core.registered());

    expect(in, "checkpoint");
    Core.betweenCheckpointAndRestore = () -> {
      answer(out, "checkpointed");
      expect(in, "restore");
    };
    try {
      org.crac.Core.checkpointRestore();
    } catch (Exception e) {
      StringBuilder why = new StringBuilder(e.toString());
      for (Throwable hook : e.getSuppressed()) {
        why.append("; ").append(hook);
      }
      answer(out, "error " + encode("checkpoint or restore failed: " + why));
      System.exit(1);
    }
    answer(out, "restored");

    for (String line; (line = in.readLine()) != null; ) {
      if (line.equals("exit")) {
        break;
      }
      String[] parts = line.split(" ", 3);
      if (parts.length != 3 || !parts[0].equals("invoke")) {
        throw new IllegalStateException("expected invoke <request id> <event>, got " + line);
      }
      try {
        String result = lambda.invoke(new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8),
            new LocalContext(parts[1], functionName, timeoutSeconds, memoryMb));
        answer(out, "result " + encode(result));
      } catch (Exception e) {
        answer(out, "error " + encode(String.valueOf(e)));
      }
    }
    System.exit(0);
  }

  private static void expect(BufferedReader in, String command) {
    try {
      String line = in.readLine();
      if (!command.equals(line)) {
        throw new IllegalStateException("expected " + command + ", got " + line);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void answer(PrintStream out, String line) {
    synchronized (out) {
      out.println(MARK + line);
      out.flush();
    }
  }

  static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
