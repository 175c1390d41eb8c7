package com.partnercredit.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The page and everything it loads, read from the classpath once, at init (SnapStart keeps them):
 * {@code index.html}, {@code app.js} and {@code app.css} from {@code src/main/resources/dashboard},
 * and uPlot's script and styles from its WebJar ({@code org.webjars.npm:uplot}), whose version is
 * read from the WebJar itself, so upgrading it is a change of the pom only. Nothing else is served:
 * a path is looked up in this fixed table, never on the classpath or the file system.
 */
@Singleton
public final class DashboardAssets {
  /** One served file. */
  public record Asset(String contentType, String body, String cacheControl) {}

  private static final String NO_CACHE = "no-cache";
  private static final String VENDOR_CACHE = "public, max-age=86400";

  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final Asset page;
  private final String uplotVersion;

  @Inject
  public DashboardAssets() {
    uplotVersion = webJarVersion("org.webjars.npm", "uplot");
    String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion + "/dist/";
    page = new Asset("text/html; charset=utf-8", read("dashboard/index.html"), NO_CACHE);
    assets.put("app.js", new Asset("text/javascript; charset=utf-8", read("dashboard/app.js"), NO_CACHE));
    assets.put("app.css", new Asset("text/css; charset=utf-8", read("dashboard/app.css"), NO_CACHE));
    assets.put("vendor/uPlot.iife.min.js",
        new Asset("text/javascript; charset=utf-8", read(uplot + "uPlot.iife.min.js"), VENDOR_CACHE));
    assets.put("vendor/uPlot.min.css", new Asset("text/css; charset=utf-8", read(uplot + "uPlot.min.css"), VENDOR_CACHE));
  }

  /** A file under {@code /dashboard/} ({@code app.js}, {@code vendor/uPlot.min.css}); the page is not one. */
  public Optional<Asset> find(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  /** The page, served at {@code /}. */
  public Asset page() {
    return page;
  }

  public String uplotVersion() {
    return uplotVersion;
  }

  /** The version of a WebJar on the classpath, from its Maven metadata. */
  public static String webJarVersion(String groupId, String artifactId) {
    String path = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath: the " + artifactId + " WebJar is missing");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(String path) {
    try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
