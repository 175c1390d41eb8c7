package com.partnercredit.publisher;

import com.partnercredit.store.Attr;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.store.TableName;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * For a partition whose facts cannot be read (bad data), the emails and partner ids its items
 * mention, read as plain attributes: enough to know which partners' figures depend on it, so that
 * they are reported as failed rather than published wrong.
 */
public final class PartitionMentions {
  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public PartitionMentions(DynamoDbClient dynamo, @TableName String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** The emails and partner ids mentioned by the items of partition {@code pk}. */
  public record Mentions(Set<String> emails, Set<Long> partnerIds) {}

  public Mentions of(String pk) throws StorageUnavailable {
    Set<String> emails = new TreeSet<>();
    Set<Long> partners = new TreeSet<>();
    try {
      dynamo.queryPaginator(q -> q.tableName(table)
              .keyConditionExpression("#pk = :pk")
              .projectionExpression("#e, #p")
              .expressionAttributeNames(Map.of("#pk", Attr.PK, "#e", Attr.EMAIL, "#p", Attr.PARTNER_ID))
              .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
          .items().forEach(item -> {
            AttributeValue email = item.get(Attr.EMAIL);
            if (email != null && email.s() != null) {
              emails.add(email.s());
            }
            AttributeValue partner = item.get(Attr.PARTNER_ID);
            if (partner != null && partner.n() != null) {
              try {
                partners.add(Long.parseLong(partner.n()));
              } catch (NumberFormatException unreadable) {
                // the bad data itself: nothing to learn from it
              }
            }
          });
    } catch (SdkException e) {
      throw new StorageUnavailable("Query of partition " + pk + " failed", e);
    }
    return new Mentions(emails, partners);
  }
}
