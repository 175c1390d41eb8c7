package com.partnercredit.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What Lambda gives a SnapStart function instead of access-key variables: a credentials endpoint on
 * the loopback interface ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}) that answers only requests
 * carrying the function's token ({@code AWS_CONTAINER_AUTHORIZATION_TOKEN}) in their
 * {@code Authorization} header, with temporary credentials: {@code AccessKeyId},
 * {@code SecretAccessKey}, {@code Token} and {@code Expiration}. Each function gets its own token
 * and its own credentials ({@link #issue}), so a request can be traced to the function that signed it.
 */
final class ContainerCredentials implements AutoCloseable {
  static final String PATH = "/2021-04-23/credentials";

  /** One function's credentials, and how often they were fetched. */
  record Issued(String authorizationToken, String accessKeyId, String secretAccessKey, String sessionToken,
      AtomicInteger served) {}

  private final HttpServer server;
  private final Map<String, Issued> byToken = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();

  private ContainerCredentials(HttpServer server) {
    this.server = server;
  }

  static ContainerCredentials start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ContainerCredentials endpoint = new ContainerCredentials(server);
    server.createContext(PATH, endpoint::serve);
    server.start();
    return endpoint;
  }

  /** The endpoint's URL: {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  /** New credentials for one function, with their token. */
  Issued issue() {
    String id = UUID.randomUUID().toString().replace("-", "").toUpperCase(java.util.Locale.ROOT);
    Issued issued = new Issued("token-" + UUID.randomUUID(), "ASIA" + id.substring(0, 16),
        "secret-" + UUID.randomUUID(), "session-" + UUID.randomUUID(), new AtomicInteger());
    byToken.put(issued.authorizationToken(), issued);
    return issued;
  }

  /** Requests refused for a missing or unknown token. */
  int refused() {
    return refused.get();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      Issued issued = byToken.get(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      if (issued == null || !exchange.getRequestMethod().equals("GET")) {
        refused.incrementAndGet();
        byte[] body = "{\"message\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(401, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      issued.served().incrementAndGet();
      String expiration = Instant.now().plus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS).toString();
      byte[] body = ("{\"AccessKeyId\":\"" + issued.accessKeyId() + "\",\"SecretAccessKey\":\"" + issued.secretAccessKey()
          + "\",\"Token\":\"" + issued.sessionToken() + "\",\"Expiration\":\"" + expiration + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
