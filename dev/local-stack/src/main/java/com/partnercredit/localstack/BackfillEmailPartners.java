package com.partnercredit.localstack;

import com.partnercredit.store.EmailPartnersBackfill;
import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Runs the migration to the emails' partners ({@link EmailPartnersBackfill}, docs/table.md) on a
 * table, with the credentials and region of the environment (and {@code AWS_ENDPOINT_URL} when set,
 * for an emulator). Idempotent: run it before and after deploying.
 *
 * <pre>
 * backfill-email-partners TABLE
 * </pre>
 */
public final class BackfillEmailPartners {
  private BackfillEmailPartners() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || args[0].isBlank()) {
      System.err.println("usage: BackfillEmailPartners TABLE");
      System.exit(2);
    }
    DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint.trim()));
    }
    try (DynamoDbClient dynamo = builder.build()) {
      EmailPartnersBackfill.Result result = new EmailPartnersBackfill(dynamo, args[0]).run();
      System.out.println("table " + args[0] + ": " + result.employees() + " employees read on gsi1, "
          + result.updates() + " emails' partners added to");
    }
  }
}
