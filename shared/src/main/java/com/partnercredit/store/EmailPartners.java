package com.partnercredit.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Per email, the partners that ever had an employee with it: one item per normalized email
 * ({@code EMAIL#<email>} / {@link Keys#EMAIL_PARTNERS}) whose number set {@link Attr#PARTNERS} grows
 * by {@code ADD} each time an {@code EMPLOYEE_ADDED} is recorded ({@link FactStore#record}). A set
 * union: the same whatever order the facts arrive in, unchanged by a replay, never shrinking (as the
 * facts it stands for are append-only).
 *
 * <p>It answers "whose employees could be this user" by key, {@value #BATCH} emails per
 * BatchGetItem, instead of one gsi1 Query per email. An email with no item is no partner employee's.
 */
final class EmailPartners {
  /** BatchGetItem's limit of keys per call. */
  static final int BATCH = 100;
  static final int MAX_ATTEMPTS = 6;
  private static final long FIRST_BACKOFF_MILLIS = 25;
  private static final long MAX_BACKOFF_MILLIS = 800;
  static final String KIND = "EMAIL_PARTNERS";

  private EmailPartners() {}

  static Map<String, AttributeValue> key(String normalizedEmail) {
    return Map.of(
        Attr.PK, AttributeValue.fromS(Keys.email(normalizedEmail)),
        Attr.SK, AttributeValue.fromS(Keys.EMAIL_PARTNERS));
  }

  /** Adds {@code partners} to the email's set, creating the item if needed: idempotent. */
  static UpdateItemRequest.Builder add(String table, String normalizedEmail, Collection<Long> partners) {
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(key(normalizedEmail))
        .updateExpression("ADD #partners :partners SET #kind = :kind")
        .expressionAttributeNames(Map.of("#partners", Attr.PARTNERS, "#kind", Attr.KIND))
        .expressionAttributeValues(Map.of(
            ":partners", AttributeValue.fromNs(partners.stream().map(String::valueOf).distinct().toList()),
            ":kind", AttributeValue.fromS(KIND)));
  }

  /**
   * The partners of each email that has any (an email no partner employee ever had is absent): one
   * BatchGetItem per {@value #BATCH} distinct emails, all in flight together.
   */
  static Map<String, Set<Long>> read(DynamoDbClient dynamo, String table, Collection<String> normalizedEmails)
      throws StorageUnavailable {
    List<String> emails = new ArrayList<>(new TreeSet<>(normalizedEmails));
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < emails.size(); from += BATCH) {
      batches.add(emails.subList(from, Math.min(from + BATCH, emails.size())));
    }
    Map<String, Set<Long>> partners = new HashMap<>();
    for (Map<String, Set<Long>> part : ParallelReads.each(batches, batch -> readBatch(dynamo, table, batch))) {
      partners.putAll(part);
    }
    return partners;
  }

  private static Map<String, Set<Long>> readBatch(DynamoDbClient dynamo, String table, List<String> emails)
      throws StorageUnavailable {
    List<Map<String, AttributeValue>> keys = emails.stream().map(EmailPartners::key).toList();
    Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
        .keys(keys)
        .projectionExpression("#pk, #partners")
        .expressionAttributeNames(Map.of("#pk", Attr.PK, "#partners", Attr.PARTNERS))
        .build());
    Map<String, Set<Long>> partners = new HashMap<>();
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      Map<String, KeysAndAttributes> asked = request;
      BatchGetItemResponse response;
      try {
        response = dynamo.batchGetItem(b -> b.requestItems(asked));
      } catch (SdkException e) {
        throw new StorageUnavailable("BatchGetItem failed for the partners of " + emails.size() + " emails", e);
      }
      for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
        AttributeValue set = item.get(Attr.PARTNERS);
        if (set == null || !set.hasNs()) {
          continue;
        }
        Set<Long> ids = new TreeSet<>();
        set.ns().forEach(n -> ids.add(Long.parseLong(n)));
        partners.put(item.get(Attr.PK).s().substring(Keys.email("").length()), ids);
      }
      KeysAndAttributes left = response.hasUnprocessedKeys() ? response.unprocessedKeys().get(table) : null;
      if (left == null || !left.hasKeys() || left.keys().isEmpty()) {
        return partners;
      }
      if (attempt == MAX_ATTEMPTS) {
        throw new StorageUnavailable(left.keys().size() + " emails' partners still unprocessed after "
            + MAX_ATTEMPTS + " BatchGetItem attempts", null);
      }
      pause(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      request = Map.of(table, left);
    }
  }

  private static void pause(long millis) throws StorageUnavailable {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailable("interrupted while reading emails' partners", e);
    }
  }
}
