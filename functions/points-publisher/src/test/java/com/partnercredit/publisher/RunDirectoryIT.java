package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.DealKind;
import com.partnercredit.domain.DealSold;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.store.Attr;
import com.partnercredit.store.BatchWriter;
import com.partnercredit.store.Keys;
import com.partnercredit.testsupport.DynamoDbExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A run's partner directory of any size is stored and read back whole, and never half-written or of another plan. */
class RunDirectoryIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  private static final Instant AS_OF = Instant.parse("2026-11-28T02:00:00Z");
  private final Clock clock = Clock.fixed(AS_OF.plusSeconds(60), ZoneOffset.UTC);
  private final RunDirectory directory = new RunDirectory(new RunPartitions(DYNAMO.client(), DYNAMO.tableName(),
      new BatchWriter(DYNAMO.client(), DYNAMO.tableName()), clock));

  private static List<Fact> partner(long id, int employees) {
    List<Fact> facts = new ArrayList<>();
    Instant at = AS_OF.minus(Duration.ofDays(300));
    facts.add(new PartnerRegistered("reg-" + id, at, id, "Agency " + id, List.of("agency" + id + ".com"), false));
    for (int e = 1; e <= employees; e++) {
      facts.add(new EmployeeAdded("emp-" + id + "-" + e, at, id, e, "person" + e + "@agency" + id + ".com"));
    }
    facts.add(new DealSold("deal-" + id, at, id, 9L, Money.of("100.00", "USD"), DealKind.SOURCED));
    return facts;
  }

  @Test
  void aPartnerLargerThanAPartIsContinuedInTheNextAndReadBackWhole() throws Exception {
    List<Fact> huge = partner(8, 4_000); // about 560 KB of employees: more than one part
    List<Fact> small = partner(16, 3);
    RunDirectory.Writer writer = directory.writer(AS_OF);
    writer.add(16, small);
    writer.add(8, huge);
    writer.fail(24, "its facts could not be read: bad currency");

    int parts = writer.close("plan-a");

    assertTrue(parts >= 2, "parts: " + parts);
    PartnerDirectory read = directory.read(AS_OF, "plan-a");
    assertEquals(huge.subList(0, huge.size() - 1), read.factsOf(8), "every fact but the sold deal, in order");
    assertEquals(small.subList(0, small.size() - 1), read.factsOf(16));
    assertEquals(Map.of(24L, "its facts could not be read: bad currency"), read.failed());
  }

  @Test
  void aDirectoryOfAnotherPlanOrMissingAPartIsRefused() throws Exception {
    Instant asOf = AS_OF.plusSeconds(1);
    RunDirectory.Writer writer = directory.writer(asOf);
    writer.add(8, partner(8, 4_000));
    writer.close("plan-b");

    assertThrows(RunIncomplete.class, () -> directory.read(asOf, "plan-c"));
    assertThrows(RunIncomplete.class, () -> directory.read(asOf.plusSeconds(1), "plan-b"), "never planned");
    DYNAMO.client().deleteItem(d -> d.tableName(DYNAMO.tableName()).key(Map.of(
        Attr.PK, AttributeValue.fromS(Keys.runDirectory(asOf.toEpochMilli())),
        Attr.SK, AttributeValue.fromS(RunDirectory.partKey(1)))));
    RunIncomplete partMissing = assertThrows(RunIncomplete.class, () -> directory.read(asOf, "plan-b"));
    assertTrue(partMissing.getMessage().contains("parts"), partMissing.getMessage());
  }
}
