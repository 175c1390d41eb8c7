package com.partnercredit.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.partnercredit.domain.CreditLifetime;
import com.partnercredit.domain.Scenario;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.TemplateTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The migration (docs/table.md): a table written before the emails' partners existed gives the
 * breakdowns every fact gives once {@link EmailPartnersBackfill} has run, and running it again
 * changes nothing.
 */
class EmailPartnersBackfillIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  @Test
  void aTableWrittenBeforeTheEmailsPartnersGivesEveryFactsBreakdownsAfterTheBackfillRunTwice() throws Exception {
    Instant now = Instant.parse("2026-11-28T10:00:00Z");
    Instant start = now.minus(Duration.ofDays(40));
    long partner = StoredFacts.newId();
    long other = StoredFacts.newId();
    long client = StoredFacts.newId();
    String alice = "alice@agency" + partner + ".com";
    String freelancer = "sam@free" + partner + ".io";
    String carol = "carol@studio" + other + ".com";
    Scenario facts = StoredFacts.scenario()
        .partner(partner, "agency" + partner + ".com", start)
        .employeeAdded(partner, 1, alice, start)
        .employeeAdded(partner, 2, freelancer, start)
        .partner(other, "studio" + other + ".com", start)
        .employeeAdded(other, 1, carol, start)
        .employeeAdded(other, 2, freelancer, start)
        .client(client, "USD", "900.00", start)
        .userAdded(client, 11, alice, start).activity(client, 11, now.minus(Duration.ofDays(3)))
        .userAdded(client, 12, carol, start).activity(client, 12, now.minus(Duration.ofDays(2)))
        .userAdded(client, 13, "staff@client" + client + ".com", start).activity(client, 13, now.minus(Duration.ofDays(1)))
        .linked(partner, 2, client, start.plus(Duration.ofDays(1)))
        .userAdded(client, 14, freelancer, start).activity(client, 14, now.minus(Duration.ofDays(4)));
    String table = "EmailPartnersBackfillIT-" + UUID.randomUUID().toString().substring(0, 8);
    DynamoDbClient dynamo = DYNAMO.client();
    TemplateTable.fromTemplate().create(dynamo, table);
    try {
      // as the functions wrote it before: the facts' items, no email's partners
      new BatchWriter(dynamo, table).putAll(facts.facts().stream().map(StoredFacts::item).toList());
      FactStore store = new FactStore(dynamo, table, Clock.fixed(now, ZoneOffset.UTC));
      Duration retention = CreditLifetime.retention(Scenario.RULES);
      assertEquals(Map.of(), store.partnersByEmployeeEmail(List.of(alice, freelancer, carol)));
      assertNotEquals(facts.partner(partner, now),
          Scenario.ENGINE.evaluate(store.factsForPartner(partner, retention).orElseThrow(), now).partner(partner).orElseThrow(),
          "before the backfill the employees' users are not found");

      EmailPartnersBackfill.Result first = new EmailPartnersBackfill(dynamo, table).run();
      Map<String, Map<String, AttributeValue>> afterFirst = emailItems(dynamo, table);
      EmailPartnersBackfill.Result second = new EmailPartnersBackfill(dynamo, table).run();

      assertEquals(4, first.employees());
      assertEquals(first, second);
      assertEquals(afterFirst, emailItems(dynamo, table), "a second run changes nothing");
      assertEquals(Map.of(alice, Set.of(partner), freelancer, Set.of(partner, other), carol, Set.of(other)),
          store.partnersByEmployeeEmail(List.of(alice, freelancer, carol, "staff@client" + client + ".com")));
      for (long p : List.of(partner, other)) {
        assertEquals(facts.partner(p, now),
            Scenario.ENGINE.evaluate(store.factsForPartner(p, retention).orElseThrow(), now).partner(p).orElseThrow());
      }
    } finally {
      dynamo.deleteTable(r -> r.tableName(table));
    }
  }

  private static Map<String, Map<String, AttributeValue>> emailItems(DynamoDbClient dynamo, String table) {
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    dynamo.scanPaginator(r -> r.tableName(table)).items().forEach(item -> {
      if (item.get(Attr.SK).s().equals(Keys.EMAIL_PARTNERS)) {
        // a number set has no order: the emulator may list it in another one on the next read
        Map<String, AttributeValue> sorted = new TreeMap<>(item);
        sorted.replaceAll((name, value) -> value.hasNs()
            ? AttributeValue.fromNs(value.ns().stream().sorted().toList()) : value);
        items.put(item.get(Attr.PK).s(), sorted);
      }
    });
    return items;
  }
}
