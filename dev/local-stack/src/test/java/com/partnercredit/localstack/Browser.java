package com.partnercredit.localstack;

import com.partnercredit.testsupport.RequiredInCi;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's own Chromium and chromedriver (Debian's {@code chromium} and {@code chromium-driver}),
 * found at fixed places or named by {@code CHROME_BIN} and {@code CHROMEDRIVER}. Both paths are
 * given to Selenium explicitly, so Selenium Manager never runs and nothing is downloaded.
 */
record Browser(Path chrome, Path driver) {
  private static final List<String> CHROMES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
      "/usr/lib/chromium/chromium", "/usr/bin/google-chrome");
  private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  /** The browser, or empty with nothing found. */
  static Optional<Browser> find() {
    Optional<Path> chrome = first("CHROME_BIN", CHROMES);
    Optional<Path> driver = first("CHROMEDRIVER", DRIVERS);
    return chrome.isPresent() && driver.isPresent() ? Optional.of(new Browser(chrome.get(), driver.get())) : Optional.empty();
  }

  /**
   * The browser for a test that needs one: without it the test fails in CI ({@code CI} set, not
   * {@code false}) and is skipped elsewhere, with {@link #missing()} as the reason ({@link RequiredInCi}).
   */
  static Browser requireOrSkip(String test) {
    return RequiredInCi.require(find(), test, missing(), System.getenv());
  }

  /** Why {@link #find()} found nothing, and how to get a browser. */
  static String missing() {
    return "no Chromium and chromedriver found (looked at $CHROME_BIN, " + CHROMES + ", $CHROMEDRIVER, " + DRIVERS
        + "): install them with `apt-get install -y chromium chromium-driver` (.ci/run does)";
  }

  private static Optional<Path> first(String variable, List<String> candidates) {
    String named = System.getenv(variable);
    if (named != null && !named.isBlank()) {
      Path path = Path.of(named.trim());
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /**
   * A headless Chromium with a fresh profile, files downloaded to {@code downloads}, and the flags
   * that keep it off the network (no component updates, no sync, no background requests).
   */
  ChromeDriver start(Path profile, Path downloads, int width, int height) throws IOException {
    Files.createDirectories(profile);
    Files.createDirectories(downloads);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chrome.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=" + width + "," + height, "--lang=en-US");
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
    prefs.put("download.prompt_for_download", false);
    prefs.put("download.directory_upgrade", true);
    options.setExperimentalOption("prefs", prefs);
    // the page's console (script errors, Content-Security-Policy violations) for the test to read
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(driver.toString()))
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(60))
        .build();
    return new ChromeDriver(service, options);
  }
}
