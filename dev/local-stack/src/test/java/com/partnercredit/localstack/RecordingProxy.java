package com.partnercredit.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * An emulator's endpoint as a function sees it ({@code AWS_ENDPOINT_URL}), on the loopback
 * interface: every request is forwarded to the emulator as it came, and its answer back, and each
 * is recorded with the headers that say who signed it.
 */
final class RecordingProxy implements AutoCloseable {

  /**
   * One AWS request.
   *
   * @param operation {@code X-Amz-Target} (DynamoDB, Secrets Manager, EventBridge), else method and path
   * @param authorization the {@code Authorization} header ({@code AWS4-HMAC-SHA256 Credential=<key id>/...})
   * @param securityToken {@code X-Amz-Security-Token}, or null
   */
  record Request(String operation, String authorization, String securityToken) {
    /** The access key id of the signature's credential scope, or null. */
    String accessKeyId() {
      String marker = "Credential=";
      int at = authorization == null ? -1 : authorization.indexOf(marker);
      if (at < 0) {
        return null;
      }
      int end = authorization.indexOf('/', at);
      return end < 0 ? null : authorization.substring(at + marker.length(), end);
    }
  }

  /** Headers the JDK's client sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final URI target;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Request> recorded = new ArrayList<>(); // guarded by itself

  private RecordingProxy(HttpServer server, URI target) {
    this.server = server;
    this.target = target;
  }

  static RecordingProxy start(URI target) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    RecordingProxy proxy = new RecordingProxy(server, target);
    server.createContext("/", proxy::forward);
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "recording-proxy");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return proxy;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request so far, in the order they came. */
  List<Request> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      var headers = exchange.getRequestHeaders();
      String operation = headers.getFirst("X-Amz-Target");
      synchronized (recorded) {
        recorded.add(new Request(operation != null ? operation
            : exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
            headers.getFirst("Authorization"), headers.getFirst("X-Amz-Security-Token")));
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()
              + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(value -> request.header(name, value));
        }
      });
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      response.headers().map().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
