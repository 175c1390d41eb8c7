package com.partnercredit.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** A Query followed page by page (1 MB each), each page handed on as it arrives. */
final class QueryPages {
  private QueryPages() {}

  /** What to do with one page's items. */
  @FunctionalInterface
  interface Page {
    void accept(List<Map<String, AttributeValue>> items) throws StorageUnavailable;
  }

  /** Runs {@code request} to its last page; a failed call is {@code StorageUnavailable("<what> failed")}. */
  static void each(DynamoDbClient dynamo, QueryRequest request, String what, Page page) throws StorageUnavailable {
    Map<String, AttributeValue> next = null;
    do {
      QueryRequest one = next == null ? request : request.toBuilder().exclusiveStartKey(next).build();
      QueryResponse response;
      try {
        response = dynamo.query(one);
      } catch (SdkException e) {
        throw new StorageUnavailable(what + " failed", e);
      }
      page.accept(response.items());
      next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
    } while (next != null);
  }
}
