package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Re-signs an API Gateway HTTP API (payload 2.0) event with HubSpot signature v3 (docs/api.md
 * section 1) for the current time, so that a sample event passes the 5-minute window.
 *
 * <pre>
 * sign-event [--secret S] [--base-url URL] [--stdout | --curl] FILE
 * </pre>
 *
 * <p>Default: rewrite FILE in place. {@code --stdout} prints the signed event; {@code --curl} prints
 * a curl command that sends the event's request to the base URL. The secret defaults to
 * {@code HUBSPOT_CLIENT_SECRET}, else {@code local-dev-secret}; the base URL to
 * {@code http://127.0.0.1:3000} (the local stack's {@code PUBLIC_BASE_URL}).
 */
public final class SignEvent {

  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:3000";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private SignEvent() {}

  /** True when the event carries HubSpot signature headers (in any case). */
  public static boolean isSigned(Map<String, Object> event) {
    return headers(event).keySet().stream().anyMatch(k -> k.equalsIgnoreCase(SignatureV3.SIGNATURE_HEADER));
  }

  /**
   * Sets {@code x-hubspot-signature-v3} and {@code x-hubspot-request-timestamp} (replacing any
   * spelling of them) and the request time, in place.
   */
  public static void sign(Map<String, Object> event, String secret, String baseUrl, Instant now) {
    Map<String, Object> headers = headers(event);
    headers.keySet().removeIf(k -> k.equalsIgnoreCase(SignatureV3.SIGNATURE_HEADER)
        || k.equalsIgnoreCase(SignatureV3.TIMESTAMP_HEADER));
    long timestamp = now.toEpochMilli();
    String signature = SignatureV3.sign(new ClientSecret(secret.getBytes(StandardCharsets.UTF_8)), method(event),
        uri(event, baseUrl), body(event), timestamp);
    headers.put(SignatureV3.SIGNATURE_HEADER, signature);
    headers.put(SignatureV3.TIMESTAMP_HEADER, Long.toString(timestamp));
    event.put("headers", headers);
    if (event.get("requestContext") instanceof Map<?, ?> context) {
      @SuppressWarnings("unchecked")
      Map<String, Object> c = (Map<String, Object>) context;
      c.put("timeEpoch", timestamp);
      c.put("time", TIME.format(now));
    }
  }

  /** The URL HubSpot called: base URL + rawPath + ("?" + rawQueryString when not empty). */
  static String uri(Map<String, Object> event, String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String query = event.get("rawQueryString") instanceof String q ? q : "";
    return base + rawPath(event) + (query.isEmpty() ? "" : "?" + query);
  }

  static String rawPath(Map<String, Object> event) {
    if (event.get("rawPath") instanceof String p && !p.isEmpty()) {
      return p;
    }
    return String.valueOf(http(event).getOrDefault("path", "/"));
  }

  static String method(Map<String, Object> event) {
    return String.valueOf(http(event).getOrDefault("method", "POST")).toUpperCase(Locale.ROOT);
  }

  /** The body as sent (decoded when {@code isBase64Encoded}). */
  static String body(Map<String, Object> event) {
    Object body = event.get("body");
    if (body == null) {
      return "";
    }
    return Boolean.TRUE.equals(event.get("isBase64Encoded"))
        ? new String(Base64.getDecoder().decode(String.valueOf(body)), StandardCharsets.UTF_8)
        : String.valueOf(body);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> headers(Map<String, Object> event) {
    return event.get("headers") instanceof Map<?, ?> h ? new LinkedHashMap<>((Map<String, Object>) h)
        : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> http(Map<String, Object> event) {
    if (event.get("requestContext") instanceof Map<?, ?> c && c.get("http") instanceof Map<?, ?> http) {
      return (Map<String, Object>) http;
    }
    return Map.of();
  }

  /** A curl command that sends the event's request, headers and body to the base URL. */
  static String curl(Map<String, Object> event, String baseUrl) {
    StringBuilder cmd = new StringBuilder("curl -sS -w '\\n' -X ").append(method(event)).append(' ')
        .append(quote(uri(event, baseUrl)));
    headers(event).forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!Set.of("host", "content-length", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto")
          .contains(lower) && !lower.startsWith("x-amzn")) {
        cmd.append(" -H ").append(quote(name + ": " + value));
      }
    });
    if (event.get("body") != null) {
      cmd.append(" --data-binary ").append(quote(body(event)));
    }
    return cmd.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  public static void main(String[] args) throws IOException {
    String secret = System.getenv().getOrDefault("HUBSPOT_CLIENT_SECRET", LocalStack.DEFAULT_SECRET);
    String baseUrl = DEFAULT_BASE_URL;
    String output = "in-place";
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--secret" -> secret = value(args, ++i, "--secret");
        case "--base-url" -> baseUrl = value(args, ++i, "--base-url");
        case "--stdout" -> output = "stdout";
        case "--curl" -> output = "curl";
        case "-h", "--help" -> usage(0);
        default -> {
          if (args[i].startsWith("-") || file != null) {
            usage(2);
          }
          file = Path.of(args[i]);
        }
      }
    }
    if (file == null) {
      usage(2);
    }
    Map<String, Object> event = JSON.std.mapFrom(Files.readString(file));
    sign(event, secret, baseUrl, Instant.now());
    switch (output) {
      case "stdout" -> System.out.println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(event));
      case "curl" -> System.out.println(curl(event, baseUrl));
      default -> {
        Files.writeString(file, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(event) + "\n");
        System.err.println("signed " + file + " for " + uri(event, baseUrl) + " (valid for 5 minutes)");
      }
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      System.err.println(option + " needs a value");
      usage(2);
    }
    return args[i];
  }

  private static void usage(int status) {
    (status == 0 ? System.out : System.err).println(String.join("\n",
        "usage: sign-event [--secret S] [--base-url URL] [--stdout | --curl] FILE",
        "  Re-signs an API Gateway HTTP API event file with HubSpot signature v3 for the current time.",
        "  Default: rewrites FILE in place. --stdout prints the signed event; --curl prints a curl",
        "  command sending it. Secret: HUBSPOT_CLIENT_SECRET or local-dev-secret. Base URL: "
            + DEFAULT_BASE_URL + "."));
    System.exit(status);
  }
}
