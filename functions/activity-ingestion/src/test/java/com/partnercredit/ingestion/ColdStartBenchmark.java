package com.partnercredit.ingestion;

import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.TemplateTable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Cold start of the activity-ingestion function, measured from outside: the wall time from
 * starting a JVM on the shaded jar to the end of its first handled webhook (against the
 * emulator), median of 5, next to a bare JVM printing "hello". Also the jar's size.
 *
 * <pre>
 * mvn -B -q -pl functions/activity-ingestion -am install -DskipTests
 * mvn -B -q -pl functions/activity-ingestion exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.partnercredit.ingestion.ColdStartBenchmark
 * </pre>
 */
public final class ColdStartBenchmark {
  private static final int RUNS = 5;

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of("target", "activity-ingestion.jar").toAbsolutePath();
    Path probes = Path.of("target", "test-classes").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run mvn -pl functions/activity-ingestion -am package first");
    }
    Emulator emulator = Emulator.shared();
    String table = "cold-start-" + System.currentTimeMillis();
    TemplateTable.fromTemplate().create(emulator.newDynamoDbClient(), table);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = jar + File.pathSeparator + probes;

    List<Long> handler = new ArrayList<>();
    List<Long> hello = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      hello.add(run(List.of(java, "-cp", probes.toString(), ColdStartProbe.Hello.class.getName())));
      handler.add(run(List.of(java,
          "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
          "-DTABLE_NAME=" + table,
          "-DAWS_ENDPOINT_URL=" + emulator.endpoint(),
          "-DAWS_REGION=" + emulator.region().id(),
          "-DHUBSPOT_CLIENT_SECRET=bench-secret",
          "-DPUBLIC_BASE_URL=http://127.0.0.1:3000",
          "-cp", classpath, ColdStartProbe.class.getName())));
    }
    System.out.printf("jar: %s, %.1f MiB (%d bytes)%n", jar.getFileName(), Files.size(jar) / 1048576.0, Files.size(jar));
    System.out.printf("bare JVM hello:           median %d ms of %s%n", median(hello), hello);
    System.out.printf("first handled webhook:    median %d ms of %s%n", median(handler), handler);
    System.out.println("java " + System.getProperty("java.version") + ", emulator " + emulator);
  }

  private static long run(List<String> command) throws Exception {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    int exit = process.waitFor();
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (exit != 0) {
      throw new IllegalStateException("failed (" + exit + "): " + String.join(" ", command) + "\n" + output);
    }
    return millis;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
