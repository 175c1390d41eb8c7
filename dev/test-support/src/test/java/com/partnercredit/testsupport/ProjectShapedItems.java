package com.partnercredit.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Random items shaped like the project's single table: client partitions ({@code CLIENT#..}: a profile on
 * the sparse gsi2 shard index, dated facts with amounts, some with the TTL attribute), partner partitions
 * ({@code PARTNER#..}: a profile, employees on gsi1 by e-mail, links on gsi1 by partner). Items without
 * gsi1/gsi2 keys are not in those indexes.
 */
final class ProjectShapedItems {

  static final int EMAILS = 40;

  private final Random random;

  ProjectShapedItems(Random random) {
    this.random = random;
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  String email() {
    return "EMAIL#user" + random.nextInt(EMAILS) + "@example.com";
  }

  /** About {@code clients * 10 + partners * 8} items. */
  List<Map<String, AttributeValue>> generate(int clients, int partners) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String pk = String.format("CLIENT#c%05d", c);
      Map<String, AttributeValue> profile = new HashMap<>(Map.of("pk", s(pk), "sk", s("PROFILE"),
          "gsi2pk", s("SHARD#" + (c % 8)), "gsi2sk", s(pk), "name", s("Client " + c)));
      if (random.nextInt(3) == 0) {
        profile.put("gsi1pk", s(email()));
        profile.put("gsi1sk", s(pk));
      }
      items.add(profile);
      int facts = 6 + random.nextInt(7);
      for (int f = 0; f < facts; f++) {
        items.add(fact(pk, f));
      }
      items.add(Map.of("pk", s(pk), "sk", s("POINTS#2024-0" + (1 + random.nextInt(9))), "points", n(random.nextInt(500))));
    }
    for (int p = 0; p < partners; p++) {
      String pk = String.format("PARTNER#p%04d", p);
      items.add(Map.of("pk", s(pk), "sk", s("PROFILE"), "gsi2pk", s("SHARD#" + (p % 8)), "gsi2sk", s(pk),
          "tier", s(random.nextBoolean() ? "GOLD" : "SILVER")));
      for (int e = 0; e < 3; e++) {
        String employee = String.format("EMPLOYEE#e%03d", random.nextInt(1000));
        items.add(Map.of("pk", s(pk), "sk", s(employee), "gsi1pk", s(email()), "gsi1sk", s(pk + "#" + employee)));
      }
      for (int l = 0; l < 4; l++) {
        String client = String.format("CLIENT#c%05d", random.nextInt(Math.max(1, clients)));
        items.add(Map.of("pk", s(pk), "sk", s("LINK#" + client), "gsi1pk", s("LINKS#" + pk), "gsi1sk", s(client),
            "linkedAt", n(1_700_000_000L + random.nextInt(10_000_000))));
      }
    }
    Map<String, Map<String, AttributeValue>> byKey = new java.util.LinkedHashMap<>();
    for (Map<String, AttributeValue> item : items) {
      byKey.put(item.get("pk").s() + "\u0000" + item.get("sk").s(), item); // BatchWriteItem refuses duplicate keys
    }
    return new ArrayList<>(byKey.values());
  }

  Map<String, AttributeValue> fact(String pk, int f) {
    String day = String.format("2024-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
    Map<String, AttributeValue> fact = new HashMap<>(Map.of("pk", s(pk), "sk", s("FACT#" + day + "#" + String.format("%03d", f)),
        "amount", n(random.nextInt(10_000)), "kind", s(random.nextBoolean() ? "MRR" : "ONE_OFF")));
    if (random.nextInt(4) == 0) {
      fact.put("expiresAt", n(1_750_000_000L + random.nextInt(100_000_000)));
    }
    if (random.nextInt(10) == 0) {
      fact.put("gsi1pk", s(email()));
      fact.put("gsi1sk", s(pk + "#" + f));
    }
    return fact;
  }

  /** Writes the items with BatchWriteItem, 25 at a time, retrying unprocessed ones. */
  static void load(DynamoDbClient client, String table, List<Map<String, AttributeValue>> items) {
    for (int from = 0; from < items.size(); from += 25) {
      List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
          .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
          .toList();
      Map<String, List<WriteRequest>> pending = Map.of(table, batch);
      while (!pending.isEmpty()) {
        final Map<String, List<WriteRequest>> request = pending;
        BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
        pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
      }
    }
  }
}
