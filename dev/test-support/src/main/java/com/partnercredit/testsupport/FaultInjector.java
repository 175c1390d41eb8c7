package com.partnercredit.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Injects DynamoDB faults into every call of the client it is added to (as {@link RequestCounter}
 * is: {@code overrideConfiguration(c -> c.addExecutionInterceptor(faults))}), each attempt drawn
 * at random with a seed, so a run is repeatable:
 *
 * <ul>
 *   <li>{@link Fault#THROTTLE}: the attempt never reaches the table and fails as DynamoDB throttles,
 *       {@code ProvisionedThroughputExceededException} or {@code ThrottlingException} (HTTP 400);
 *   <li>{@link Fault#SERVER_ERROR}: never reaches the table, fails with HTTP 500
 *       ({@code InternalServerError});
 *   <li>{@link Fault#TIMEOUT}: the attempt <em>does</em> reach the table and is applied, then its
 *       answer is lost (an attempt timeout): the caller cannot know it was written;
 *   <li>{@link Fault#UNPROCESSED}: a BatchWriteItem writes only some of its items and returns the
 *       others as {@code UnprocessedItems}, as DynamoDB does when a partition is hot.
 * </ul>
 *
 * <p>Faults are drawn per attempt, so the SDK's retries see new draws. {@link #off()} stops them
 * (counted calls go on). Thread-safe.
 *
 * <p>{@link #throttlePartitions} adds DynamoDB's per-partition write limit ({@link PartitionThrottle}):
 * each call's writes are admitted against their partition's budget when the call is made; a
 * BatchWriteItem returns the others as {@code UnprocessedItems}, or fails with
 * {@code ProvisionedThroughputExceededException} when none is admitted, and a single-item write fails
 * so. A hot partition, such as one client's contact import, then throttles exactly as DynamoDB does,
 * while the other partitions write freely.
 */
public final class FaultInjector implements ExecutionInterceptor {
  /** A kind of fault. */
  public enum Fault { THROTTLE, SERVER_ERROR, TIMEOUT, UNPROCESSED }

  private static final ExecutionAttribute<List<WriteRequest>> HELD_BACK = new ExecutionAttribute<>("faults.heldBack");
  private static final ExecutionAttribute<String> HELD_TABLE = new ExecutionAttribute<>("faults.heldTable");

  private final Random random;
  private final Map<Fault, Double> rates = new ConcurrentHashMap<>();
  private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile boolean on = true;
  private volatile PartitionThrottle throttle;

  public FaultInjector(long seed) {
    this.random = new Random(seed);
  }

  /** Each attempt fails with {@code fault} with this probability (0 to 1); drawn in enum order. */
  public FaultInjector rate(Fault fault, double probability) {
    rates.put(fault, probability);
    return this;
  }

  /** Limits writes per partition as DynamoDB does ({@link PartitionThrottle}); null: no limit. */
  public FaultInjector throttlePartitions(PartitionThrottle throttle) {
    this.throttle = throttle;
    return this;
  }

  public FaultInjector on() {
    on = true;
    return this;
  }

  public FaultInjector off() {
    on = false;
    return this;
  }

  /** Faults injected so far, by kind. */
  public int injected(Fault fault) {
    AtomicInteger n = injected.get(fault);
    return n == null ? 0 : n.get();
  }

  public int injectedTotal() {
    return injected.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Attempts seen (with and without a fault). */
  public int attempts() {
    return attempts.get();
  }

  public Map<Fault, Integer> snapshot() {
    Map<Fault, Integer> copy = new TreeMap<>();
    injected.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public void clear() {
    injected.clear();
    attempts.set(0);
  }

  private boolean draw(Fault fault) {
    double rate = rates.getOrDefault(fault, 0.0);
    if (!on || rate <= 0) {
      return false;
    }
    boolean hit;
    synchronized (random) {
      hit = random.nextDouble() < rate;
    }
    if (hit) {
      injected.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
    }
    return hit;
  }

  private static boolean isDynamoDb(ExecutionAttributes attributes) {
    return "DynamoDB".equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
  }

  /**
   * The partition limit, then UNPROCESSED: holds some items of a BatchWriteItem back; they come back
   * as unprocessed.
   */
  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (!isDynamoDb(attributes)) {
      return request;
    }
    PartitionThrottle limit = on ? throttle : null;
    if (limit != null) {
      admitSingleWrite(limit, request);
    }
    if (!(request instanceof BatchWriteItemRequest batch) || batch.requestItems().size() != 1) {
      return request;
    }
    Map.Entry<String, List<WriteRequest>> only = batch.requestItems().entrySet().iterator().next();
    List<WriteRequest> sent = new ArrayList<>();
    List<WriteRequest> held = new ArrayList<>();
    for (WriteRequest item : only.getValue()) {
      (limit == null || limit.admit(partition(item), written(item)) ? sent : held).add(item);
    }
    if (sent.isEmpty()) {
      throw throughputExceeded("none of the BatchWriteItem's items can be written: their partitions are throttled");
    }
    if (sent.size() >= 2 && draw(Fault.UNPROCESSED)) {
      List<WriteRequest> kept = new ArrayList<>();
      synchronized (random) {
        for (WriteRequest item : sent) {
          (random.nextBoolean() ? held : kept).add(item);
        }
      }
      if (kept.isEmpty()) {
        kept.add(held.remove(held.size() - 1));
      }
      if (held.isEmpty()) {
        held.add(kept.remove(kept.size() - 1));
      }
      sent = kept;
    }
    if (held.isEmpty()) {
      return request;
    }
    attributes.putAttribute(HELD_BACK, held);
    attributes.putAttribute(HELD_TABLE, only.getKey());
    return batch.toBuilder().requestItems(Map.of(only.getKey(), sent)).build();
  }

  /** A PutItem, DeleteItem or UpdateItem whose partition's budget is short fails as DynamoDB throttles it. */
  private static void admitSingleWrite(PartitionThrottle limit, SdkRequest request) {
    Map<String, AttributeValue> item;
    if (request instanceof PutItemRequest put) {
      item = put.item();
    } else if (request instanceof DeleteItemRequest delete) {
      item = delete.key();
    } else if (request instanceof UpdateItemRequest update) {
      item = update.key();
    } else {
      return;
    }
    if (!limit.admit(item.get("pk").s(), item)) {
      throw throughputExceeded("the item's partition is throttled");
    }
  }

  private static String partition(WriteRequest write) {
    return written(write).get("pk").s();
  }

  private static Map<String, AttributeValue> written(WriteRequest write) {
    return write.putRequest() != null ? write.putRequest().item() : write.deleteRequest().key();
  }

  private static ProvisionedThroughputExceededException throughputExceeded(String why) {
    String code = "ProvisionedThroughputExceededException";
    return (ProvisionedThroughputExceededException) ProvisionedThroughputExceededException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("injected: " + why)
            .serviceName("DynamoDb").build())
        .message("injected: " + why).build();
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    List<WriteRequest> held = attributes.getAttribute(HELD_BACK);
    if (held == null || !(context.response() instanceof BatchWriteItemResponse response)) {
      return context.response();
    }
    String table = attributes.getAttribute(HELD_TABLE);
    Map<String, List<WriteRequest>> unprocessed = new LinkedHashMap<>(response.unprocessedItems());
    List<WriteRequest> merged = new ArrayList<>(unprocessed.getOrDefault(table, List.of()));
    merged.addAll(held);
    unprocessed.put(table, merged);
    return response.toBuilder().unprocessedItems(unprocessed).build();
  }

  /** THROTTLE and SERVER_ERROR: the attempt fails before it reaches the table. */
  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (!isDynamoDb(attributes)) {
      return;
    }
    attempts.incrementAndGet();
    if (draw(Fault.THROTTLE)) {
      boolean provisioned;
      synchronized (random) {
        provisioned = random.nextBoolean();
      }
      String code = provisioned ? "ProvisionedThroughputExceededException" : "ThrottlingException";
      AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage("injected: " + code)
          .serviceName("DynamoDb").build();
      throw provisioned
          ? ProvisionedThroughputExceededException.builder().statusCode(400).awsErrorDetails(details)
              .message("injected: " + code).build()
          : DynamoDbException.builder().statusCode(400).awsErrorDetails(details).message("injected: " + code).build();
    }
    if (draw(Fault.SERVER_ERROR)) {
      throw DynamoDbException.builder().statusCode(500)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError")
              .errorMessage("injected: internal server error").serviceName("DynamoDb").build())
          .message("injected: internal server error").build();
    }
  }

  /** TIMEOUT: the table applied the attempt; its answer is lost. */
  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    if (isDynamoDb(attributes) && draw(Fault.TIMEOUT)) {
      throw ApiCallAttemptTimeoutException.create(2000);
    }
  }
}
