package com.partnercredit.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot request signature v3: {@code Base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp))},
 * where {@code uri} is the full URL HubSpot called with a fixed set of escapes decoded, and the
 * timestamp (header {@code X-HubSpot-Request-Timestamp}, epoch ms) is at most five minutes from now.
 *
 * <p><b>Rotation.</b> Besides the current client secret it may hold the previous one with the
 * instant until which it is still accepted ({@link PreviousSecret}): during a rotation a request
 * signed with either passes, so there is no window in which HubSpot's requests are refused (and
 * lost: HubSpot does not retry a 401). Past that instant only the current secret passes.
 *
 * <p>The secrets come from {@link ClientSecrets}, which re-reads them from their store when a
 * signature matches neither (or only the previous one), at most once per interval: a rotation
 * reaches a running function with its first request signed with the new secret.
 */
public final class SignatureV3 {
  public static final String SIGNATURE_HEADER = "x-hubspot-signature-v3";
  public static final String TIMESTAMP_HEADER = "x-hubspot-request-timestamp";
  public static final Duration WINDOW = Duration.ofMinutes(5);

  private static final String[][] DECODED_ESCAPES = {
    {"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
    {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"},
  };

  /** Why a request was refused; every one of them is a 401. */
  public enum Rejection {
    MISSING_SIGNATURE("missing X-HubSpot-Signature-v3 header"),
    MISSING_TIMESTAMP("missing X-HubSpot-Request-Timestamp header"),
    INVALID_TIMESTAMP("X-HubSpot-Request-Timestamp is not epoch milliseconds"),
    OUTSIDE_WINDOW("X-HubSpot-Request-Timestamp is more than 5 minutes from now"),
    MISMATCH("signature does not match");

    private final String message;

    Rejection(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }

  /** The secret a rotation replaced, accepted until {@code acceptedUntil} (inclusive). */
  public record PreviousSecret(ClientSecret secret, Instant acceptedUntil) {}

  /** The secrets a request is checked against: the current one and, during a rotation, the previous one (or null). */
  public record Secrets(ClientSecret current, PreviousSecret previous) {}

  /**
   * What a check found: a rejection (every one a 401), or none; {@code previousSecret} is true when
   * the request passed with the previous secret (a rotation is under way on HubSpot's side).
   */
  public record Verdict(Optional<Rejection> rejection, boolean previousSecret) {
    static final Verdict CURRENT = new Verdict(Optional.empty(), false);
    static final Verdict PREVIOUS = new Verdict(Optional.empty(), true);

    static Verdict rejected(Rejection rejection) {
      return new Verdict(Optional.of(rejection), false);
    }

  }

  private final ClientSecrets secrets;
  private final Clock clock;

  public SignatureV3(ClientSecret secret, Clock clock) {
    this(secret, null, clock);
  }

  /** With the secret a rotation replaced; {@code previous} may be null. Never re-read. */
  public SignatureV3(ClientSecret secret, PreviousSecret previous, Clock clock) {
    this(ClientSecrets.fixed(new Secrets(secret, previous)), clock);
  }

  /** With secrets that are re-read from their store when a signature does not match ({@link ClientSecrets}). */
  public SignatureV3(ClientSecrets secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * Checks a request. {@code uri} is the URL as called ({@code https://host/path?query}), still
   * encoded; headers may be null when absent.
   */
  public Verdict check(String method, String uri, String body, String signature, String timestamp) {
    if (signature == null || signature.isBlank()) {
      return Verdict.rejected(Rejection.MISSING_SIGNATURE);
    }
    if (timestamp == null || timestamp.isBlank()) {
      return Verdict.rejected(Rejection.MISSING_TIMESTAMP);
    }
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Verdict.rejected(Rejection.INVALID_TIMESTAMP);
    }
    // never overflows: a timestamp of Long.MAX_VALUE or below zero is simply outside the window
    long now = clock.millis();
    if (sentAt < now - WINDOW.toMillis() || sentAt > now + WINDOW.toMillis()) {
      return Verdict.rejected(Rejection.OUTSIDE_WINDOW);
    }
    byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
    Secrets held = secrets.held();
    Verdict verdict = check(held, now, given, method, uri, body, timestamp.trim());
    if (verdict != Verdict.CURRENT) { // no match, or the previous secret only: it may have been rotated or withdrawn since
      Optional<Secrets> reread = secrets.rereadAfterMismatch(held);
      if (reread.isPresent()) {
        verdict = check(reread.get(), now, given, method, uri, body, timestamp.trim());
      }
    }
    return verdict;
  }

  private static Verdict check(Secrets secrets, long now, byte[] given, String method, String uri, String body,
      String timestamp) {
    if (matches(secrets.current(), given, method, uri, body, timestamp)) {
      return Verdict.CURRENT;
    }
    PreviousSecret previous = secrets.previous();
    if (previous != null && !Instant.ofEpochMilli(now).isAfter(previous.acceptedUntil())
        && matches(previous.secret(), given, method, uri, body, timestamp)) {
      return Verdict.PREVIOUS;
    }
    return Verdict.rejected(Rejection.MISMATCH);
  }

  /** Constant-time comparison of the signature given with the one {@code key} makes. */
  private static boolean matches(ClientSecret key, byte[] given, String method, String uri, String body, String timestamp) {
    byte[] expectedText = Base64.getEncoder().encode(mac(key, method, uri, body, timestamp));
    return MessageDigest.isEqual(expectedText, given);
  }

  /** The signature HubSpot would send for this request: for tests, samples and local tools. */
  public static String sign(ClientSecret secret, String method, String uri, String body, long timestampMillis) {
    return Base64.getEncoder().encodeToString(mac(secret, method, uri, body, Long.toString(timestampMillis)));
  }

  /** Decodes exactly the escapes HubSpot decodes before signing; every other escape stays as it is. */
  public static String decodeUri(String uri) {
    if (uri.indexOf('%') < 0) {
      return uri;
    }
    StringBuilder out = new StringBuilder(uri.length());
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%' && i + 2 < uri.length()) {
        String escape = uri.substring(i, i + 3);
        String decoded = decoded(escape);
        if (decoded != null) {
          out.append(decoded);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String decoded(String escape) {
    for (String[] pair : DECODED_ESCAPES) {
      if (pair[0].equalsIgnoreCase(escape)) {
        return pair[1];
      }
    }
    return null;
  }

  private static byte[] mac(ClientSecret secret, String method, String uri, String body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
      String message = method + decodeUri(uri) + (body == null ? "" : body) + timestamp;
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
