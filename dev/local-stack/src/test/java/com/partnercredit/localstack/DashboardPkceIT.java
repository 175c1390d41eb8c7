package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The deployed sign-in, in the browser: OAuth 2.0 authorization code with PKCE (RFC 7636) against
 * an issuer on a loopback port that plays the identity provider (discovery, authorize, token), with
 * the dashboard configured as it is deployed ({@code JWT_ISSUER}, {@code DASHBOARD_CLIENT_ID},
 * {@code DASHBOARD_SCOPES}). The issuer checks what a real one checks: the client, the redirect
 * URI, the state round trip and that SHA-256 of the verifier is the challenge; then the page calls
 * the API with the token it issued. The local stack reads that token's claims as the JWT
 * authorizer would pass them.
 */
@ExtendWith(DynamoDbExtension.class)
class DashboardPkceIT {
  private static final String SECRET = "pkce-it-secret";
  private static final String CLIENT_ID = "dashboard-client";
  private static final String SCOPES = "openid points:read";

  private static SystemPropertiesSnapshot properties;
  private static HttpServer issuer;
  private static String issuerUrl;
  private static LocalStack stack;
  private static ChromeDriver driver;
  private static Path profile;
  private static final Map<String, String> authorizeRequest = new ConcurrentHashMap<>();
  private static final Map<String, String> tokenRequest = new ConcurrentHashMap<>();
  private static volatile String issuedToken;
  private static volatile String tokenAnswer;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    Browser browser = Browser.requireOrSkip("DashboardPkceIT");
    properties = new SystemPropertiesSnapshot();
    issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuerUrl = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/pool";
    issuer.createContext("/pool/", DashboardPkceIT::identityProvider);
    issuer.start();
    System.setProperty("JWT_ISSUER", issuerUrl);
    System.setProperty("DASHBOARD_CLIENT_ID", CLIENT_ID);
    System.setProperty("DASHBOARD_SCOPES", SCOPES);
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), SECRET), Emulator.shared());
    new DemoSeed(stack.baseUrl(), SECRET).seed(Instant.now());
    profile = DashboardBrowserIT.OUT.resolve("profile-pkce-" + UUID.randomUUID().toString().substring(0, 8));
    driver = browser.start(profile, DashboardBrowserIT.OUT.resolve("downloads-pkce"), 1280, 900);
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
      DashboardBrowserIT.deleteTree(profile);
      DashboardBrowserIT.deleteTree(DashboardBrowserIT.OUT.resolve("downloads-pkce"));
    }
    if (stack != null) {
      stack.close();
    }
    if (issuer != null) {
      issuer.stop(0);
    }
    if (properties != null) {
      properties.restore();
    }
  }

  /** Discovery, authorize (redirects back at once: the user is signed in) and token, as an issuer answers them. */
  private static void identityProvider(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
      if (path.equals("/pool/.well-known/openid-configuration")) {
        answer(exchange, 200, JSON.std.asString(Map.of("issuer", issuerUrl,
            "authorization_endpoint", issuerUrl + "/authorize", "token_endpoint", issuerUrl + "/token")));
      } else if (path.equals("/pool/authorize")) {
        authorizeRequest.putAll(form(exchange.getRequestURI().getRawQuery()));
        exchange.getResponseHeaders().add("Location", authorizeRequest.get("redirect_uri") + "?code=the-code&state="
            + authorizeRequest.get("state"));
        exchange.sendResponseHeaders(302, -1);
      } else if (path.equals("/pool/token") && exchange.getRequestMethod().equals("POST")) {
        tokenRequest.putAll(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
            .digest(tokenRequest.getOrDefault("code_verifier", "").getBytes(StandardCharsets.US_ASCII)));
        boolean valid = "authorization_code".equals(tokenRequest.get("grant_type"))
            && "the-code".equals(tokenRequest.get("code"))
            && CLIENT_ID.equals(tokenRequest.get("client_id"))
            && authorizeRequest.get("redirect_uri").equals(tokenRequest.get("redirect_uri"))
            && challenge.equals(authorizeRequest.get("code_challenge"));
        tokenAnswer = valid ? "issued" : "refused: " + tokenRequest;
        if (valid) {
          issuedToken = DemoSeed.unsignedToken(Map.of("sub", "alice@agency.com", "partner_id",
              Long.toString(DemoSeed.DEMO_PARTNER), "iss", issuerUrl, "client_id", CLIENT_ID));
          answer(exchange, 200, JSON.std.asString(Map.of("access_token", issuedToken, "token_type", "Bearer",
              "expires_in", 3600)));
        } else {
          answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
        }
      } else {
        answer(exchange, 404, "{\"error\":\"not_found\"}");
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  @Test
  void signingInWithPkceGivesThePageATokenForThePartnersOwnBreakdown() throws Exception {
    driver.get(stack.baseUrl() + "/");
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "signed-out".equals(js("return document.body.dataset.state")));
    boolean devFormShown = driver.findElement(By.id("dev-sign-in")).isDisplayed();

    driver.findElement(By.id("pkce-button")).click();
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .withMessage(() -> "state " + js("return document.body.dataset.state") + ", token " + tokenAnswer + ", message "
            + driver.findElement(By.id("message")).getText())
        .until(d -> "ready".equals(js("return document.body.dataset.state")));
    Files.write(DashboardBrowserIT.OUT.resolve("6-pkce-signed-in.png"),
        driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));

    assertFalse(devFormShown, "no dev sign-in where PKCE is configured");
    assertEquals("code", authorizeRequest.get("response_type"));
    assertEquals(CLIENT_ID, authorizeRequest.get("client_id"));
    assertEquals(SCOPES, authorizeRequest.get("scope"));
    assertEquals("S256", authorizeRequest.get("code_challenge_method"));
    assertEquals(stack.baseUrl() + "/", authorizeRequest.get("redirect_uri"), "the page itself (output DashboardUrl)");
    assertTrue(authorizeRequest.get("state").length() >= 16, "an unguessable state");
    String verifier = tokenRequest.get("code_verifier");
    assertNotNull(verifier);
    assertTrue(verifier.matches("[A-Za-z0-9_-]{43,128}"), "RFC 7636 verifier: " + verifier);
    assertEquals("issued", tokenAnswer, "the issuer checked the verifier against the challenge");
    assertEquals(issuedToken, js("return sessionStorage.getItem('partner-credit.token')"));
    assertFalse(driver.getCurrentUrl().contains("code="), "the code is not left in the address bar");
    assertTrue(driver.findElement(By.id("partner-title")).getText().startsWith("Demo Agency"),
        "the breakdown of the token's partner_id");
    assertEquals("Signed in for partner " + DemoSeed.DEMO_PARTNER, driver.findElement(By.id("who")).getText());
  }
}
