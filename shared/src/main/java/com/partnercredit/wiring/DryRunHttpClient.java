package com.partnercredit.wiring;

import com.partnercredit.log.Log;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The functions' HTTP client, which can answer from inside the process for a while: the SnapStart
 * priming hooks run the functions' own requests through the functions' own SDK clients
 * (marshalling, endpoint, signing, retries, the HTTP client itself, unmarshalling) without anything
 * reaching AWS, so the snapshot holds those paths loaded and compiled, nothing is written, and no
 * network is needed at checkpoint time.
 *
 * <p>Outside {@link #during} every request goes to AWS as usual. During it, <b>every</b> request
 * through this client, from any thread (the stores write and read on pools), is sent by the real
 * client to a server on the loopback interface that this client runs for the dry run, and is
 * answered {@code 200} with an empty result: no items for a DynamoDB read, nothing unprocessed for
 * a batch, {@code {}} for a put, and no failed entry for EventBridge's {@code PutEvents}. (If the
 * loopback server cannot start, the same answers come straight from memory.) That is safe because a
 * handler instance serves one invocation at a time and priming runs before the snapshot, when none
 * is in flight.
 */
public final class DryRunHttpClient implements SdkHttpClient {

  /** Work done while the client answers from inside the process. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  /** The operations' empty results, by {@code X-Amz-Target} operation; others get {@code {}}. */
  private static final Map<String, byte[]> EMPTY_RESULTS = Map.of(
      "Query", bytes("{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}"),
      "Scan", bytes("{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}"),
      "BatchWriteItem", bytes("{\"UnprocessedItems\":{}}"),
      "BatchGetItem", bytes("{\"Responses\":{},\"UnprocessedKeys\":{}}"),
      "PutEvents", bytes("{\"FailedEntryCount\":0,\"Entries\":[]}"));
  private static final byte[] EMPTY_RESULT = bytes("{}");

  private final SdkHttpClient delegate;
  private final AtomicLong answered = new AtomicLong();
  private int dryRuns;
  private volatile boolean dryRun;
  private volatile Loopback loopback;

  public DryRunHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  /** Runs {@code work} with every request answered inside the process; AWS again when it ends, however it ends. */
  public <T> T during(Work<T> work) throws Exception {
    begin();
    try {
      return work.run();
    } finally {
      end();
    }
  }

  private synchronized void begin() {
    if (dryRuns++ == 0) {
      loopback = Loopback.open(this);
      dryRun = true;
    }
  }

  private synchronized void end() {
    if (--dryRuns == 0) {
      dryRun = false;
      if (loopback != null) {
        loopback.close();
        loopback = null;
      }
    }
  }

  /** Requests answered inside the process so far. */
  public long answered() {
    return answered.get();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    if (!dryRun) {
      return delegate.prepareRequest(request);
    }
    Loopback server = loopback;
    if (server != null) {
      return delegate.prepareRequest(HttpExecuteRequest.builder()
          .request(request.httpRequest().toBuilder().protocol("http").host(server.host()).port(server.port()).build())
          .contentStreamProvider(request.contentStreamProvider().orElse(null))
          .build());
    }
    delegate.prepareRequest(request).abort(); // the real client's request set up, never sent
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        request.contentStreamProvider().ifPresent(provider -> {
          try (InputStream in = provider.newStream()) {
            in.transferTo(OutputStream.nullOutputStream());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        byte[] body = answer(request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse(""));
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }

      @Override
      public void abort() {
        // nothing was sent
      }
    };
  }

  /** The empty result of the operation named by {@code X-Amz-Target}, counted as answered. */
  private byte[] answer(String target) {
    answered.incrementAndGet();
    return EMPTY_RESULTS.getOrDefault(target.substring(target.lastIndexOf('.') + 1), EMPTY_RESULT);
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /**
   * A minimal HTTP/1.1 server on the loopback interface for one dry run: reads a request (headers,
   * then a {@code Content-Length} or chunked body), answers {@link #answer} and closes the connection.
   */
  private static final class Loopback implements Runnable {
    private final DryRunHttpClient client;
    private final ServerSocket socket;
    private final Thread thread;

    private Loopback(DryRunHttpClient client, ServerSocket socket) {
      this.client = client;
      this.socket = socket;
      this.thread = new Thread(this, "priming-loopback");
      this.thread.setDaemon(true);
    }

    static Loopback open(DryRunHttpClient client) {
      try {
        Loopback loopback = new Loopback(client, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        loopback.thread.start();
        return loopback;
      } catch (IOException | RuntimeException e) {
        Log.warn("SnapStart priming: no loopback server (" + e + "); answering from memory");
        return null;
      }
    }

    String host() {
      return socket.getInetAddress().getHostAddress();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void run() {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          serve(connection);
        } catch (SocketException closed) {
          return;
        } catch (IOException | RuntimeException e) {
          Log.warn("SnapStart priming: loopback request failed: " + e);
        }
      }
    }

    private void serve(Socket connection) throws IOException {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      String target = "";
      long length = 0;
      boolean chunked = false;
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue; // the request line
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        switch (name) {
          case "x-amz-target" -> target = value;
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          default -> { }
        }
      }
      if (chunked) {
        for (long size; (size = Long.parseLong(readLine(in).split(";")[0].trim(), 16)) > 0; ) {
          in.skipNBytes(size + 2);
        }
        readLine(in);
      } else {
        in.skipNBytes(length);
      }
      byte[] body = client.answer(target);
      OutputStream out = connection.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + body.length
          + "\r\nx-amzn-RequestId: dry-run\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c; (c = in.read()) >= 0; ) {
        if (c == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }
        line.append((char) c);
      }
      return line.length() == 0 ? null : line.toString();
    }

    void close() {
      try {
        socket.close();
        thread.join(1000);
      } catch (IOException e) {
        Log.warn("SnapStart priming: closing the loopback server: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
