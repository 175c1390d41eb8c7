package com.partnercredit.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The functions' shaded jars ({@code functions/<module>/target/<module>.jar}, what {@code sam build}
 * deploys), and a class loader that sees one of them as the Lambda Java runtime does: the jar on
 * top of the runtime's own {@code aws-lambda-java-core}, and nothing else of this classpath.
 */
final class ShadedJars {
  /** Every shaded jar's budget (issue 11): 10 MB. */
  static final long MAX_BYTES = 10_000_000;

  private static final String LAMBDA_CORE = "com.amazonaws.services.lambda.runtime.";
  private static final String LAMBDA_EVENTS = "com.amazonaws.services.lambda.runtime.events.";

  private ShadedJars() {}

  /** The shaded jar that holds {@code handler}'s class ({@code class::method}), if it was built. */
  static Optional<Path> holding(Path root, String handler) {
    String entry = handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class";
    for (Path jar : all(root)) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        if (zip.getEntry(entry) != null) {
          return Optional.of(jar);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }

  /** {@code functions/<module>/target/<module>.jar} for every module that has one. */
  static List<Path> all(Path root) {
    try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
      return modules.map(m -> m.resolve("target").resolve(m.getFileName() + ".jar")).filter(Files::isRegularFile)
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The jar alone, as the Lambda runtime loads a function: {@code aws-lambda-java-core}'s
   * interfaces ({@code Context}, {@code RequestHandler}) are the runtime's, found first; every other
   * class comes from the jar or the JDK, so a class the shade left out fails here as it would in AWS.
   */
  static URLClassLoader lambdaClassLoader(Path jar) {
    ClassLoader test = ShadedJars.class.getClassLoader();
    ClassLoader runtime = new ClassLoader("lambda-runtime", ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith(LAMBDA_CORE) && !name.startsWith(LAMBDA_EVENTS)) {
          return test.loadClass(name);
        }
        throw new ClassNotFoundException(name);
      }
    };
    try {
      return new URLClassLoader("function " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, runtime);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(jar.toString(), e);
    }
  }
}
