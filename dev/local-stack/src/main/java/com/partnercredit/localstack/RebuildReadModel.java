package com.partnercredit.localstack;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.store.FactStore;
import com.partnercredit.store.ReadModelStore;
import com.partnercredit.store.StorageUnavailable;
import com.partnercredit.tier.ReadModelRebuild;
import com.partnercredit.tier.ReadModelUpdate;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Rebuilds the read model of a table from its facts ({@link ReadModelRebuild}; docs/operations.md,
 * "Rebuilding the read model"): for a first deploy and for repair. Idempotent (a second run writes
 * nothing that has not changed) and resumable: it prints where to start again, and
 * {@code --from-shard}/{@code --from-client}/{@code --started} start there.
 *
 * <pre>
 * rebuild-read-model [--table NAME] [--region REGION] [--endpoint URL]
 *                    [--from-shard N [--from-client ID]] [--started ISO_INSTANT] [--standings]
 *                    [--every N] [--parallel N] [--dry-run]
 * </pre>
 *
 * <ul>
 *   <li>The table is {@code --table}, else {@code TABLE_NAME}; the region {@code --region}, else the
 *       environment's ({@code AWS_REGION}, the profile); the endpoint {@code --endpoint}, else
 *       {@code AWS_ENDPOINT_URL} when set (an emulator), else DynamoDB's.
 *   <li>{@code --started}: when the rebuild being resumed started (the resume line says it); without
 *       it a resumed run records no progress, since it cannot know what the earlier runs saw.
 *   <li>{@code --standings}: the clients are done; the partners' standings from shard N on (the
 *       resume line of the standings says it).
 *   <li>{@code --every}: a resume line every N clients (default 100).
 *   <li>{@code --parallel}: clients recomputed at a time (default 8); the resume line is the first
 *       client of a group whose predecessors are all done.
 *   <li>{@code --dry-run}: lists the shards' clients and counts them; reads no fact, writes nothing.
 * </ul>
 */
public final class RebuildReadModel {
  static final String USAGE = "usage: rebuild-read-model [--table NAME] [--region REGION] [--endpoint URL]"
      + " [--from-shard N [--from-client ID]] [--started ISO_INSTANT] [--standings] [--every N] [--parallel N]"
      + " [--dry-run]";

  private RebuildReadModel() {}

  /** The command line, read. */
  record Options(String table, String region, URI endpoint, ReadModelRebuild.Resume from, int every, int parallel,
      boolean dryRun) {

    static Options parse(String[] args, Function<String, String> env) {
      String table = env.apply("TABLE_NAME");
      String region = null;
      String endpoint = env.apply("AWS_ENDPOINT_URL");
      Integer shard = null;
      Long client = null;
      Instant started = null;
      int every = 100;
      int parallel = 8;
      boolean dryRun = false;
      boolean standings = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--table" -> table = value(args, ++i, "--table");
          case "--region" -> region = value(args, ++i, "--region");
          case "--endpoint" -> endpoint = value(args, ++i, "--endpoint");
          case "--from-shard" -> shard = Integer.valueOf(value(args, ++i, "--from-shard"));
          case "--from-client" -> client = Long.valueOf(value(args, ++i, "--from-client"));
          case "--started" -> started = instant(value(args, ++i, "--started"));
          case "--every" -> every = Integer.parseInt(value(args, ++i, "--every"));
          case "--parallel" -> parallel = Integer.parseInt(value(args, ++i, "--parallel"));
          case "--dry-run" -> dryRun = true;
          case "--standings" -> standings = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (table == null || table.isBlank()) {
        throw new IllegalArgumentException("--table (or TABLE_NAME) is required");
      }
      if (client != null && shard == null) {
        throw new IllegalArgumentException("--from-client needs --from-shard (the resume line gives both)");
      }
      if (every < 1 || parallel < 1 || parallel > 64) {
        throw new IllegalArgumentException("--every must be at least 1, --parallel 1 to 64");
      }
      ReadModelRebuild.Resume from = new ReadModelRebuild.Resume(shard == null ? 0 : shard, client, started, standings);
      return new Options(table, region, endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim()),
          from, every, parallel, dryRun);
    }

    private static Instant instant(String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--started takes an ISO instant (as the resume line prints it), not " + text);
      }
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }

  /** The command: exit 0 when done, 1 when a client could not be recomputed (the output says where to resume). */
  static int run(Options options, DynamoDbClient dynamo, Clock clock, PrintStream out) {
    FactStore facts = new FactStore(dynamo, options.table(), clock);
    ReadModelStore readModel = new ReadModelStore(dynamo, options.table());
    CreditEngine engine = new CreditEngine(RuleTablesLoader.fromClasspath());
    ReadModelRebuild rebuild =
        new ReadModelRebuild(facts, new ReadModelUpdate(facts, readModel, engine, clock), readModel, clock);
    out.println("table " + options.table() + ": rebuilding the read model from " + options.from().options()
        + (options.dryRun() ? " (dry run)" : ""));
    try {
      rebuild.run(options.from(), options.dryRun(), options.every(), options.parallel(), line -> {
        out.println(line);
        out.flush();
      });
      return 0;
    } catch (StorageUnavailable e) {
      out.println("not finished: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
      return 1;
    }
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args, System::getenv);
    } catch (IllegalArgumentException e) {
      System.err.println("rebuild-read-model: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    if (options.region() != null) {
      builder.region(Region.of(options.region()));
    }
    if (options.endpoint() != null) {
      builder.endpointOverride(options.endpoint());
    }
    try (DynamoDbClient dynamo = builder.build()) {
      System.exit(run(options, dynamo, Clock.systemUTC(), System.out));
    }
  }
}
