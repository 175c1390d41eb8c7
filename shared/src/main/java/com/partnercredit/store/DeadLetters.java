package com.partnercredit.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Events that could not be read, kept 14 days for an operator: the raw JSON and the reason.
 * Listed per route and day with one Query on {@code pk = DEADLETTER#<route>#<yyyy-mm-dd>}. The
 * sort key is the hash of the raw event, so a retried webhook overwrites rather than duplicates.
 *
 * <p>A dead letter keeps at most {@value #MAX_RAW_BYTES} bytes of the raw event and says how long
 * it was ({@code rawLength}, in characters; docs/api.md section 6), and at most
 * {@value #MAX_REASON_CHARACTERS} characters of reason, so that no dead letter comes near
 * DynamoDB's 400 KB item limit whatever was sent. The hash is of the whole raw event.
 */
public final class DeadLetters {
  public static final Duration KEPT_FOR = Duration.ofDays(14);
  /** At most this many UTF-8 bytes of the raw event are kept. */
  public static final int MAX_RAW_BYTES = 16 * 1024;
  /** At most this many characters of the reason are kept. */
  public static final int MAX_REASON_CHARACTERS = 1024;
  /** The raw event's length in characters, as sent. */
  public static final String RAW_LENGTH = "rawLength";
  /** Present, {@code true}, when {@code raw} holds only the first {@value #MAX_RAW_BYTES} bytes. */
  public static final String RAW_TRUNCATED = "rawTruncated";

  private DeadLetters() {}

  public static Map<String, AttributeValue> item(String route, String rawJson, String reason, Instant receivedAt) {
    String kept = firstBytes(rawJson, MAX_RAW_BYTES);
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, AttributeValue.fromS(Keys.deadLetters(route, receivedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString())));
    item.put(Attr.SK, AttributeValue.fromS(sha256(rawJson)));
    item.put(Attr.KIND, AttributeValue.fromS("DEAD_LETTER"));
    item.put(Attr.RAW, AttributeValue.fromS(kept.isEmpty() ? "(empty)" : kept));
    item.put(RAW_LENGTH, AttributeValue.fromN(Integer.toString(rawJson.length())));
    if (kept.length() < rawJson.length()) {
      item.put(RAW_TRUNCATED, AttributeValue.fromBool(true));
    }
    item.put(Attr.REASON, AttributeValue.fromS(reason == null || reason.isEmpty() ? "(no reason)"
        : reason.length() <= MAX_REASON_CHARACTERS ? reason : reason.substring(0, MAX_REASON_CHARACTERS) + "..."));
    item.put(Attr.RECEIVED_AT, AttributeValue.fromS(receivedAt.toString()));
    item.put(Attr.EXPIRES_AT, AttributeValue.fromN(Long.toString(receivedAt.plus(KEPT_FOR).getEpochSecond())));
    return item;
  }

  /** The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes, never half a character. */
  static String firstBytes(String text, int maxBytes) {
    if (text.length() * 3L <= maxBytes) {
      return text;
    }
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int size;
      if (c < 0x80) {
        size = 1;
      } else if (c < 0x800) {
        size = 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        size = 4;
      } else {
        size = 3;
      }
      if (bytes + size > maxBytes) {
        return text.substring(0, i);
      }
      bytes += size;
      if (size == 4) {
        i++;
      }
    }
    return text;
  }

  /** The SHA-256 of {@code text} in UTF-8, as 64 hex digits. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
