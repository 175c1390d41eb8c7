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
 */
public final class DeadLetters {
  public static final Duration KEPT_FOR = Duration.ofDays(14);

  private DeadLetters() {}

  public static Map<String, AttributeValue> item(String route, String rawJson, String reason, Instant receivedAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, AttributeValue.fromS(Keys.deadLetters(route, receivedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString())));
    item.put(Attr.SK, AttributeValue.fromS(sha256(rawJson)));
    item.put(Attr.KIND, AttributeValue.fromS("DEAD_LETTER"));
    item.put(Attr.RAW, AttributeValue.fromS(rawJson));
    item.put(Attr.REASON, AttributeValue.fromS(reason));
    item.put(Attr.RECEIVED_AT, AttributeValue.fromS(receivedAt.toString()));
    item.put(Attr.EXPIRES_AT, AttributeValue.fromN(Long.toString(receivedAt.plus(KEPT_FOR).getEpochSecond())));
    return item;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
