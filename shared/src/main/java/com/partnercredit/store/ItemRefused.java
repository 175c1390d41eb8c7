package com.partnercredit.store;

/**
 * DynamoDB refused one item for good (a {@code ValidationException}: too large, a key too long):
 * retrying the same request can never succeed, so this is never a 503. The caller keeps the event
 * as a rejection or dead letter with {@link #getMessage() the reason}, and stores the others.
 */
public final class ItemRefused extends Exception {
  public ItemRefused(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** True when {@code e} is DynamoDB's non-retryable refusal of the request's content. */
  static boolean isRefusal(Throwable e) {
    return e instanceof software.amazon.awssdk.services.dynamodb.model.DynamoDbException dynamo
        && dynamo.awsErrorDetails() != null
        && "ValidationException".equals(dynamo.awsErrorDetails().errorCode());
  }

  /** DynamoDB's own message, without the request id, for a reason. */
  static String reason(Throwable e) {
    if (e instanceof software.amazon.awssdk.services.dynamodb.model.DynamoDbException dynamo
        && dynamo.awsErrorDetails() != null && dynamo.awsErrorDetails().errorMessage() != null) {
      return "DynamoDB refused the item: " + dynamo.awsErrorDetails().errorMessage();
    }
    return "DynamoDB refused the item: " + e.getMessage();
  }
}
