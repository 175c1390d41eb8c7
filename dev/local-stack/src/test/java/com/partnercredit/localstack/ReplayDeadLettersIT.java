package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.store.Attr;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Keys;
import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The runbook's replay command (docs/operations.md, Replaying dead letters) against the local
 * stack's routes: a dead letter whose cause is gone is stored exactly once, however often it is
 * replayed, and is marked as replayed.
 */
@ExtendWith(DynamoDbExtension.class)
class ReplayDeadLettersIT {
  private static final String SECRET = "replay-it-secret";

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    properties = new SystemPropertiesSnapshot();
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), SECRET), Emulator.shared());
  }

  @AfterAll
  static void stop() {
    stack.close();
    properties.restore();
  }

  /** Runs the command as the runbook writes it; returns what it printed. */
  private static String replay(TestTable table, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("TABLE_NAME", table.name(), "HUBSPOT_CLIENT_SECRET", SECRET);
    ReplayDeadLetters.run(args, env::get, table.client(), HttpClient.newHttpClient(), null, Clock.systemUTC(),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<Map<String, AttributeValue>> partition(TestTable table, String pk, String skPrefix) {
    return table.client().query(q -> q.tableName(table.name())
        .keyConditionExpression("pk = :pk AND begins_with(sk, :sk)")
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":sk", AttributeValue.fromS(skPrefix)))
        .consistentRead(true)).items();
  }

  /** A dead letter as an earlier version of the route kept it (its cause, since fixed, in the reason). */
  private static Map<String, AttributeValue> keepDeadLetter(TestTable table, String route, String raw, Instant receivedAt) {
    Map<String, AttributeValue> item = DeadLetters.item(route, raw, "refused by DynamoDB (since fixed)", receivedAt);
    table.client().putItem(p -> p.tableName(table.name()).item(item));
    return item;
  }

  @Test
  void aReplayedActivityIsStoredExactlyOnceAndItsDeadLetterMarked(TestTable table) throws Exception {
    long client = 880_000 + System.nanoTime() % 100_000;
    Instant receivedAt = Instant.now().minusSeconds(3600);
    String raw = "{\"eventId\":77001,\"portalId\":" + client + ",\"occurredAt\":" + receivedAt.toEpochMilli()
        + ",\"subscriptionType\":\"contact.creation\",\"objectId\":5,\"sourceId\":\"userId:555\"}";
    Map<String, AttributeValue> deadLetter = keepDeadLetter(table, "hubspot", raw, receivedAt);
    String day = receivedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    String key = deadLetter.get(Attr.SK).s();
    String[] command = {"--route", "hubspot", "--day", day, "--key", key, "--url", stack.baseUrl().toString()};

    String first = replay(table, command);
    String second = replay(table, command);
    String forced = replay(table, append(command, "--again"));

    assertTrue(first.contains(key + " replayed"), first);
    assertTrue(second.contains(key + " skipped"), second);
    assertTrue(forced.contains(key + " replayed"), forced);
    assertEquals(1, partition(table, Keys.client(client), Keys.ACTIVITY_PREFIX).size(), "stored exactly once");
    Map<String, AttributeValue> marked = partition(table, deadLetter.get(Attr.PK).s(), key).get(0);
    assertTrue(marked.containsKey(ReplayDeadLetters.REPLAYED_AT), marked.toString());
  }

  @Test
  void aReplayedFactIsStoredOnceAndIsADuplicateTheSecondTime(TestTable table) throws Exception {
    long partner = 990_000 + System.nanoTime() % 100_000;
    Instant receivedAt = Instant.now().minusSeconds(7200);
    String raw = "{\"eventId\":\"replay-" + partner + "\",\"type\":\"PARTNER_REGISTERED\",\"occurredAt\":"
        + receivedAt.toEpochMilli() + ",\"actor\":{\"role\":\"SYSTEM\"},\"partnerId\":" + partner
        + ",\"name\":\"Replayed Agency\",\"domains\":[\"replayed.example\"],\"growthMarket\":false}";
    Map<String, AttributeValue> deadLetter = keepDeadLetter(table, "assignments", raw, receivedAt);
    String day = receivedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    String key = deadLetter.get(Attr.SK).s();
    String[] command = {"--route", "assignments", "--day", day, "--key", key, "--url", stack.baseUrl().toString(), "--again"};

    String first = replay(table, command);
    String second = replay(table, command);

    assertTrue(first.contains("\"accepted\":1"), first);
    assertTrue(second.contains("\"duplicates\":1"), second);
    assertEquals(1, partition(table, Keys.partner(partner), Keys.FACT_PREFIX).size(), "stored exactly once");
  }

  @Test
  void aDeadLetterTheRouteStillRefusesIsReportedAndNotMarked(TestTable table) throws Exception {
    Instant receivedAt = Instant.now().minusSeconds(600);
    Map<String, AttributeValue> deadLetter = keepDeadLetter(table, "hubspot", "{\"eventId\":\"not-a-number\"}", receivedAt);
    String key = deadLetter.get(Attr.SK).s();

    String printed = replay(table, "--route", "hubspot", "--day", receivedAt.atOffset(ZoneOffset.UTC).toLocalDate().toString(),
        "--key", key, "--url", stack.baseUrl().toString());

    assertTrue(printed.contains(key + " still refused"), printed);
    Map<String, AttributeValue> after = partition(table, deadLetter.get(Attr.PK).s(), key).get(0);
    assertTrue(!after.containsKey(ReplayDeadLetters.REPLAYED_AT), after.toString());
  }

  private static String[] append(String[] args, String more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = more;
    return all;
  }
}
