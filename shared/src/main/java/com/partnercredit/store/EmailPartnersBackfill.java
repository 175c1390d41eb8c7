package com.partnercredit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The migration of a table written before the emails' partners existed ({@link EmailPartners}): for
 * every {@code EMPLOYEE_ADDED} stored, adds its partner to its email's item. The employees are read
 * from {@code gsi1} (sparse and keys-only: employees, client users and links, never an activity),
 * {@value #SEGMENTS} scan segments at once; each page's employees become one {@code ADD} per email.
 *
 * <p>Idempotent and order-independent, as the ADD is: run it as often as needed, while the
 * assignments route writes new employees (docs/table.md, "Migration").
 */
public final class EmailPartnersBackfill {
  static final int SEGMENTS = 8;

  private final DynamoDbClient dynamo;
  private final String table;

  public EmailPartnersBackfill(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** What a run did: the employee entries it read and the UpdateItem calls it made. */
  public record Result(long employees, long updates) {
    Result plus(Result other) {
      return new Result(employees + other.employees, updates + other.updates);
    }
  }

  public Result run() throws StorageUnavailable {
    List<Integer> segments = new ArrayList<>();
    for (int s = 0; s < SEGMENTS; s++) {
      segments.add(s);
    }
    Result total = new Result(0, 0);
    for (Result part : ParallelReads.each(segments, this::segment)) {
      total = total.plus(part);
    }
    return total;
  }

  private Result segment(int segment) throws StorageUnavailable {
    ScanRequest request = ScanRequest.builder()
        .tableName(table)
        .indexName(Keys.GSI1)
        .filterExpression("begins_with(#sk, :employee)")
        .expressionAttributeNames(Map.of("#sk", Attr.GSI1SK))
        .expressionAttributeValues(Map.of(":employee", AttributeValue.fromS("PARTNER#")))
        .segment(segment)
        .totalSegments(SEGMENTS)
        .build();
    Result done = new Result(0, 0);
    Map<String, AttributeValue> start = null;
    do {
      ScanResponse page;
      try {
        page = dynamo.scan(start == null ? request : request.toBuilder().exclusiveStartKey(start).build());
      } catch (SdkException e) {
        throw new StorageUnavailable("Scan of gsi1 failed", e);
      }
      done = done.plus(apply(page.items()));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return done;
  }

  /** One ADD per email of the page's employee entries ({@code EMAIL#<email>} / {@code PARTNER#<p>#EMPLOYEE#<e>}). */
  private Result apply(List<Map<String, AttributeValue>> entries) throws StorageUnavailable {
    String emailPrefix = Keys.email("");
    Map<String, Set<Long>> partners = new TreeMap<>();
    long employees = 0;
    for (Map<String, AttributeValue> entry : entries) {
      String email = entry.get(Attr.GSI1PK).s();
      if (!email.startsWith(emailPrefix)) {
        continue;
      }
      employees++;
      partners.computeIfAbsent(email.substring(emailPrefix.length()), e -> new TreeSet<>())
          .add(Keys.idAfter("PARTNER#", entry.get(Attr.GSI1SK).s()));
    }
    for (Map.Entry<String, Set<Long>> email : partners.entrySet()) {
      try {
        dynamo.updateItem(EmailPartners.add(table, email.getKey(), email.getValue()).build());
      } catch (SdkException e) {
        throw new StorageUnavailable("UpdateItem failed for the partners of " + email.getKey(), e);
      }
    }
    return new Result(employees, partners.size());
  }
}
