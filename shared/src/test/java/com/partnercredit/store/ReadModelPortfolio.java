package com.partnercredit.store;

import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.Scenario;
import com.partnercredit.testsupport.ItemBytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A partner with C clients in the read model, written as the stream's consumer would write it:
 * 3 employee users with 20 activities each (2 of the partner's, 1 of a second partner on every
 * client) and 5 of the client's own staff per client. Only the partners' facts and the read model's
 * items are stored: what a breakdown from the read model reads.
 *
 * @param partnerBytes the size of the partner's read-model items, as DynamoDB counts it
 */
public record ReadModelPortfolio(long partner, long partnerBytes) {
  public static final int EMPLOYEE_ACTIVITIES = 20;
  public static final int OWN_USERS = 5;

  public static ReadModelPortfolio store(DynamoDbClient dynamo, String table, int clients, Instant now)
      throws StorageUnavailable {
    Instant start = now.minus(Duration.ofDays(61));
    long partner = StoredFacts.newId();
    long other = StoredFacts.newId();
    List<String> employees = List.of(email(partner, 1), email(partner, 2), email(other, 1));
    Scenario people = StoredFacts.scenario()
        .partner(partner, "p" + partner + ".example", start)
        .employeeAdded(partner, 1, employees.get(0), start)
        .employeeAdded(partner, 2, employees.get(1), start)
        .employeeAdded(partner, 3, email(partner, 3), start)
        .partner(other, "p" + other + ".example", start)
        .employeeAdded(other, 1, employees.get(2), start);
    new StoredFacts(dynamo, table).store(people);

    List<Map<String, AttributeValue>> items = new ArrayList<>();
    long partnerBytes = 0;
    for (int c = 0; c < clients; c++) {
      long client = StoredFacts.newId();
      Scenario facts = StoredFacts.scenario().client(client, "USD", "1000.00", start);
      for (String email : employees) {
        long user = StoredFacts.newId();
        facts.userAdded(client, user, email, start);
        for (int a = 0; a < EMPLOYEE_ACTIVITIES; a++) {
          facts.activity(client, user, now.minus(Duration.ofHours(1 + 60L * a)));
        }
      }
      for (int o = 1; o <= OWN_USERS; o++) {
        facts.userAdded(client, StoredFacts.newId(), "staff" + o + "@client" + client + ".example", start);
      }
      List<Fact> all = new ArrayList<>(people.facts());
      all.addAll(facts.facts());
      ClientConclusions conclusions = CreditEngine.conclude(Facts.of(all)).get(client);
      byte[] bytes = conclusions.encode();
      for (long p : conclusions.partnerIds()) {
        Map<String, AttributeValue> item = ReadModelStore.item(p, client, bytes, now.toEpochMilli());
        items.add(item);
        if (p == partner) {
          partnerBytes += ItemBytes.of(item);
        }
      }
    }
    new BatchWriter(dynamo, table).putAll(items);
    new ReadModelStore(dynamo, table).progress("stream", now, now);
    return new ReadModelPortfolio(partner, partnerBytes);
  }

  private static String email(long partner, int e) {
    return "employee" + e + "@p" + partner + ".example";
  }
}
