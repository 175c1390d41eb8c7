package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.Attr;
import com.partnercredit.store.DeadLetters;
import com.partnercredit.store.Keys;
import com.partnercredit.wiring.ConfigSecret;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Replays webhook dead letters once their cause is fixed (docs/operations.md, Replaying dead
 * letters): each dead letter of a route and day is sent again, as its own signed request, to the
 * route HubSpot calls, so the deployed code decides what becomes of it, exactly as for HubSpot's
 * own requests. Every write behind the routes is idempotent (an activity is the same item, a fact's
 * {@code eventId} is a duplicate the second time), so replaying twice stores nothing twice.
 *
 * <pre>
 * replay-dead-letters --route hubspot|assignments --day YYYY-MM-DD --url BASE_URL
 *                     [--key SHA256]... [--table NAME] [--secret-arn ARN] [--again] [--dry-run]
 * </pre>
 *
 * <ul>
 *   <li>{@code --url}: the base URL HubSpot calls (PUBLIC_BASE_URL, else the stack's ApiUrl): the
 *       signature covers it, as HubSpot's does.
 *   <li>{@code --key}: only these dead letters (their sort key, the SHA-256 in the log line);
 *       default every dead letter of the day.
 *   <li>The table is {@code --table}, else {@code TABLE_NAME}; the secret {@code HUBSPOT_CLIENT_SECRET},
 *       else the current version of {@code --secret-arn} (or {@code HUBSPOT_CLIENT_SECRET_ARN}).
 *   <li>A replayed dead letter is marked ({@code replayedAt}, {@code replayResult}) and skipped by
 *       the next run unless {@code --again}. One cut to 16 KB ({@code rawTruncated}) cannot be
 *       replayed and is reported. One the route still refuses stays a dead letter (the route keeps
 *       it again under today's day) and is reported with the reason.
 * </ul>
 */
public final class ReplayDeadLetters {
  static final String REPLAYED_AT = "replayedAt";
  static final String REPLAY_RESULT = "replayResult";

  /** What became of one dead letter. */
  public record Outcome(String key, String result, String detail) {
    @Override
    public String toString() {
      return key + " " + result + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /** The command line, read. */
  public record Options(String route, LocalDate day, List<String> keys, URI baseUrl, String table, String secretArn,
      boolean again, boolean dryRun) {

    static Options parse(String[] args, Function<String, String> env) {
      String route = null;
      LocalDate day = null;
      List<String> keys = new ArrayList<>();
      URI baseUrl = null;
      String table = env.apply("TABLE_NAME");
      String secretArn = env.apply("HUBSPOT_CLIENT_SECRET_ARN");
      boolean again = false;
      boolean dryRun = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--route" -> route = value(args, ++i, "--route");
          case "--day" -> day = LocalDate.parse(value(args, ++i, "--day"));
          case "--key" -> keys.add(value(args, ++i, "--key"));
          case "--url" -> baseUrl = URI.create(value(args, ++i, "--url").replaceAll("/+$", ""));
          case "--table" -> table = value(args, ++i, "--table");
          case "--secret-arn" -> secretArn = value(args, ++i, "--secret-arn");
          case "--again" -> again = true;
          case "--dry-run" -> dryRun = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (!"hubspot".equals(route) && !"assignments".equals(route)) {
        throw new IllegalArgumentException("--route must be hubspot or assignments");
      }
      if (day == null || baseUrl == null || table == null || table.isBlank()) {
        throw new IllegalArgumentException("--day, --url and --table (or TABLE_NAME) are required");
      }
      return new Options(route, day, List.copyOf(keys), baseUrl, table, secretArn, again, dryRun);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    String path() {
      return "/webhooks/" + route;
    }
  }

  private final DynamoDbClient dynamo;
  private final HttpClient http;
  private final ClientSecret secret;
  private final Clock clock;

  public ReplayDeadLetters(DynamoDbClient dynamo, HttpClient http, ClientSecret secret, Clock clock) {
    this.dynamo = dynamo;
    this.http = http;
    this.secret = secret;
    this.clock = clock;
  }

  /** Replays what {@code options} selects; one outcome per dead letter, in key order. */
  public List<Outcome> replay(Options options) throws IOException, InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    for (Map<String, AttributeValue> item : deadLetters(options)) {
      outcomes.add(replayOne(options, item));
    }
    return outcomes;
  }

  private List<Map<String, AttributeValue>> deadLetters(Options options) {
    String pk = Keys.deadLetters(options.route(), options.day().toString());
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamo.queryPaginator(q -> q.tableName(options.table())
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", Attr.PK))
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
            .consistentRead(true))
        .items().forEach(item -> {
          if (options.keys().isEmpty() || options.keys().contains(item.get(Attr.SK).s())) {
            items.add(item);
          }
        });
    return items;
  }

  private Outcome replayOne(Options options, Map<String, AttributeValue> item) throws IOException, InterruptedException {
    String key = item.get(Attr.SK).s();
    if (item.containsKey(DeadLetters.RAW_TRUNCATED)) {
      return new Outcome(key, "not replayed", "only the first 16 KB of the event were kept ("
          + item.get(DeadLetters.RAW_LENGTH).n() + " characters sent); ask the sender to send it again");
    }
    if (item.containsKey(REPLAYED_AT) && !options.again()) {
      return new Outcome(key, "skipped", "replayed at " + item.get(REPLAYED_AT).s() + " (--again sends it again)");
    }
    if (options.dryRun()) {
      return new Outcome(key, "would replay", "reason was: " + item.get(Attr.REASON).s());
    }
    String body = "[" + item.get(Attr.RAW).s() + "]";
    String url = options.baseUrl() + options.path();
    long now = clock.millis();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .header(SignatureV3.SIGNATURE_HEADER, SignatureV3.sign(secret, "POST", url, body, now))
            .header(SignatureV3.TIMESTAMP_HEADER, Long.toString(now))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return new Outcome(key, "failed", "HTTP " + response.statusCode() + " " + response.body()
          + (response.statusCode() == 503 ? " (storage throttled: run again later)" : ""));
    }
    Map<String, Object> answer = JSON.std.mapFrom(response.body());
    String refused = refusal(options.route(), answer);
    if (refused != null) {
      return new Outcome(key, "still refused", refused);
    }
    mark(options, item, response.body());
    return new Outcome(key, "replayed", response.body());
  }

  /** Why the route refused the event again, or null when it took it (stored, duplicate or ignored). */
  private static String refusal(String route, Map<String, Object> answer) {
    Object reasons = "hubspot".equals(route) ? answer.get("deadLetterReasons") : answer.get("rejected");
    if (reasons instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first) {
      return String.valueOf(first.get("reason"));
    }
    return null;
  }

  private void mark(Options options, Map<String, AttributeValue> item, String result) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":at", AttributeValue.fromS(clock.instant().toString()));
    values.put(":result", AttributeValue.fromS(result));
    try {
      dynamo.updateItem(u -> u.tableName(options.table())
          .key(Map.of(Attr.PK, item.get(Attr.PK), Attr.SK, item.get(Attr.SK)))
          .updateExpression("SET " + REPLAYED_AT + " = :at, " + REPLAY_RESULT + " = :result")
          .conditionExpression("attribute_exists(" + Attr.PK + ")")
          .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException expired) {
      // the dead letter expired (TTL) while it was replayed: nothing to mark
    }
  }

  /** The command: prints one line per dead letter; exit 1 when any could not be replayed. */
  static int run(String[] args, Function<String, String> env, DynamoDbClient dynamo, HttpClient http,
      SecretsManagerClient secrets, Clock clock, PrintStream out) throws IOException, InterruptedException {
    Options options = Options.parse(args, env);
    String plain = env.apply("HUBSPOT_CLIENT_SECRET");
    String secret;
    if (plain != null && !plain.isBlank()) {
      secret = plain;
    } else if (options.secretArn() != null && !options.dryRun()) {
      secret = ConfigSecret.fromSecretString(options.secretArn(),
          secrets.getSecretValue(r -> r.secretId(options.secretArn())).secretString());
    } else if (options.dryRun()) {
      secret = "dry-run";
    } else {
      throw new IllegalArgumentException("set HUBSPOT_CLIENT_SECRET or --secret-arn: the replay is signed as HubSpot signs");
    }
    List<Outcome> outcomes = new ReplayDeadLetters(dynamo, http,
        new ClientSecret(secret.getBytes(StandardCharsets.UTF_8)), clock).replay(options);
    outcomes.forEach(out::println);
    out.println(outcomes.size() + " dead letter(s) of " + Keys.deadLetters(options.route(), options.day().toString()));
    boolean allDone = outcomes.stream().allMatch(o -> List.of("replayed", "skipped", "would replay").contains(o.result()));
    return allDone ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    try (DynamoDbClient dynamo = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        SecretsManagerClient secrets = SecretsManagerClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      System.exit(run(args, System::getenv, dynamo, HttpClient.newHttpClient(), secrets, Clock.systemUTC(), System.out));
    } catch (IllegalArgumentException e) {
      System.err.println("replay-dead-letters: " + e.getMessage());
      System.err.println("usage: replay-dead-letters --route hubspot|assignments --day YYYY-MM-DD --url BASE_URL"
          + " [--key SHA256]... [--table NAME] [--secret-arn ARN] [--again] [--dry-run]");
      System.exit(2);
    }
  }
}
