package com.partnercredit.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The signed webhook requests already received, so that a replay of one inside its 5-minute window
 * writes nothing (docs/api.md section 1, "Replays"; docs/table.md). One small item per signature,
 * {@code REPLAY#<signature>}, kept by TTL until the signature can no longer pass.
 *
 * <p>A request {@link #claim}s its signature with a conditional put before its first write: the
 * first claim wins. It is then {@link #answered} when the request answered 200, or
 * {@link #released} when it did not (503: nothing may be lost, so the same signed request, sent
 * again, must be stored). A later request with the same signature finds the marker
 * {@link Claim#ANSWERED} or {@link Claim#IN_FLIGHT}, and a released one is claimed again. Every
 * write is a {@code PutItem} of the marker: its role needs nothing else.
 *
 * <p>A marker holds the claiming request's id, so a retried claim whose first attempt did land
 * finds its own marker and goes on.
 */
public class SignatureMarkers {
  /** What a claim found. */
  public enum Claim {
    /** No request with this signature is answered or in flight: this one goes on. */
    FIRST,
    /** A request with this signature answered 200: everything it carried is stored. */
    ANSWERED,
    /** A request with this signature is being processed now (or died doing so). */
    IN_FLIGHT
  }

  /** How long past its timestamp a marker is kept: the 5-minute window, and a minute of clock skew. */
  public static final Duration KEPT = Duration.ofMinutes(6);

  /** The time a write after the answer is known may take: the answer waits for it. */
  static final Duration AFTER_ANSWER = Duration.ofSeconds(1);

  static final String KIND = "REPLAY_MARKER";
  static final String PENDING = "PENDING";
  static final String ANSWERED = "ANSWERED";
  static final String RELEASED = "RELEASED";

  /** No markers: every request is the first (tests of other things, built without a table). */
  public static final SignatureMarkers NONE = new SignatureMarkers(null, null) {
    @Override
    public Claim claim(String signature, long timestampMillis, String claimId, Deadline deadline) {
      return Claim.FIRST;
    }

    @Override
    public void answered(String signature, long timestampMillis, String claimId) {}

    @Override
    public void released(String signature, long timestampMillis, String claimId) {}
  };

  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public SignatureMarkers(DynamoDbClient dynamo, @TableName String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * Claims {@code signature} for the request {@code claimId}, unless another request holds it;
   * retried while {@code deadline} allows.
   *
   * @throws StorageUnavailable when the claim could not be written: the request answers 503
   */
  public Claim claim(String signature, long timestampMillis, String claimId, Deadline deadline)
      throws StorageUnavailable {
    return deadline.retry("PutItem replay marker", () -> {
      try {
        dynamo.putItem(PutItemRequest.builder()
            .tableName(table)
            .item(item(signature, timestampMillis, claimId, PENDING))
            .conditionExpression("attribute_not_exists(#pk) OR #state = :released OR #claim = :claim")
            .expressionAttributeNames(Map.of("#pk", Attr.PK, "#state", Attr.STATE, "#claim", Attr.CLAIM))
            .expressionAttributeValues(Map.of(
                ":released", AttributeValue.fromS(RELEASED), ":claim", AttributeValue.fromS(claimId)))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
            .overrideConfiguration(deadline::limit)
            .build());
        return Claim.FIRST;
      } catch (ConditionalCheckFailedException seen) {
        AttributeValue state = seen.hasItem() ? seen.item().get(Attr.STATE) : null;
        return state != null && ANSWERED.equals(state.s()) ? Claim.ANSWERED : Claim.IN_FLIGHT;
      } catch (SdkException e) {
        throw new StorageUnavailable("PutItem failed for the replay marker", e);
      }
    });
  }

  /**
   * The claiming request answered 200. One attempt: if it fails the marker stays in flight, and a
   * replay answers 503 until the signature is stale, which stores nothing twice either.
   */
  public void answered(String signature, long timestampMillis, String claimId) {
    mark(signature, timestampMillis, claimId, ANSWERED);
  }

  /** The claiming request did not answer 200: the same signed request may come again and be stored. */
  public void released(String signature, long timestampMillis, String claimId) {
    mark(signature, timestampMillis, claimId, RELEASED);
  }

  /** Puts the claimed marker in {@code state}, within {@link #AFTER_ANSWER}. */
  private void mark(String signature, long timestampMillis, String claimId, String state) {
    dynamo.putItem(PutItemRequest.builder()
        .tableName(table)
        .item(item(signature, timestampMillis, claimId, state))
        .overrideConfiguration(o -> o.apiCallTimeout(AFTER_ANSWER))
        .build());
  }

  static Map<String, AttributeValue> item(String signature, long timestampMillis, String claimId, String state) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Attr.PK, AttributeValue.fromS(Keys.replay(signature)));
    item.put(Attr.SK, AttributeValue.fromS(Keys.REPLAY_SK));
    item.put(Attr.KIND, AttributeValue.fromS(KIND));
    item.put(Attr.STATE, AttributeValue.fromS(state));
    item.put(Attr.CLAIM, AttributeValue.fromS(claimId));
    item.put(Attr.EXPIRES_AT, AttributeValue.fromN(Long.toString(
        Math.floorDiv(timestampMillis + KEPT.toMillis(), 1000) + 1)));
    return item;
  }
}
