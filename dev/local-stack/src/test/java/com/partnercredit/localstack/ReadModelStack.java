package com.partnercredit.localstack;

import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.FaultInjector;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.tier.FaultyReadModel;
import com.partnercredit.wiring.AwsModule;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A local stack on a test class's table for the read model's tests, its read model function the
 * real one or one with faults ({@link FaultyReadModel} on a client with a {@link FaultInjector});
 * closing it stops the stack and restores the system properties it set.
 */
final class ReadModelStack implements AutoCloseable {
  final LocalStack stack;
  final FaultyReadModel function;
  private final SystemPropertiesSnapshot properties;
  private final DynamoDbClient faulty;

  private ReadModelStack(LocalStack stack, FaultyReadModel function, SystemPropertiesSnapshot properties,
      DynamoDbClient faulty) {
    this.stack = stack;
    this.function = function;
    this.properties = properties;
    this.faulty = faulty;
  }

  static ReadModelStack start(TestTable table, String secret) throws Exception {
    SystemPropertiesSnapshot properties = new SystemPropertiesSnapshot();
    return new ReadModelStack(LocalStack.start(settings(table, secret), Emulator.shared()), null, properties, null);
  }

  /** With {@code faults} on the function's DynamoDB client and {@code percent} of each fault of its batches. */
  static ReadModelStack withFaults(TestTable table, String secret, FaultInjector faults, long seed, int percent)
      throws Exception {
    SystemPropertiesSnapshot properties = new SystemPropertiesSnapshot();
    DynamoDbClient faulty =
        Emulator.shared().newDynamoDbClient(c -> AwsModule.boundedRetries(c).addExecutionInterceptor(faults));
    FaultyReadModel function = new FaultyReadModel(faulty, table.name(), seed, percent);
    LocalStack stack = LocalStack.start(settings(table, secret), Emulator.shared(), function::invoke);
    return new ReadModelStack(stack, function, properties, faulty);
  }

  private static LocalStack.Settings settings(TestTable table, String secret) {
    return new LocalStack.Settings(Template.locateFile(), 0, table.name(), secret);
  }

  StreamPoller poller() {
    return stack.readModel().poller().orElseThrow();
  }

  @Override
  public void close() {
    stack.close();
    if (faulty != null) {
      faulty.close();
    }
    properties.restore();
  }
}
