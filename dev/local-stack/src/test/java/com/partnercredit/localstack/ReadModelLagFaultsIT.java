package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.testsupport.DynamoDbExtension;
import com.partnercredit.testsupport.Emulator;
import com.partnercredit.testsupport.FaultInjector;
import com.partnercredit.testsupport.FaultInjector.Fault;
import com.partnercredit.testsupport.Template;
import com.partnercredit.testsupport.TestTable;
import com.partnercredit.tier.FaultyReadModel;
import com.partnercredit.wiring.AwsModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link ReadModelLagIT} with the project's fault injection on the read model's DynamoDB client
 * (5 % of attempts throttled, 5 % answered 500, with the functions' bounded retries): every
 * activity still shows in the default breakdown within the bound; the lag is printed, not asserted.
 */
@ExtendWith(DynamoDbExtension.class)
class ReadModelLagFaultsIT {
  static final String SECRET = "lag-faults-secret";
  private static final FaultInjector FAULTS = new FaultInjector(42)
      .rate(Fault.THROTTLE, 0.05).rate(Fault.SERVER_ERROR, 0.05);

  private static SystemPropertiesSnapshot properties;
  private static LocalStack stack;
  private static DynamoDbClient faulty;

  @BeforeAll
  static void start(TestTable table) throws Exception {
    properties = new SystemPropertiesSnapshot();
    faulty = Emulator.shared().newDynamoDbClient(c -> AwsModule.boundedRetries(c).addExecutionInterceptor(FAULTS));
    FaultyReadModel function = new FaultyReadModel(faulty, table.name(), 42, 0);
    stack = LocalStack.start(new LocalStack.Settings(Template.locateFile(), 0, table.name(), SECRET), Emulator.shared(),
        function::invoke);
  }

  @AfterAll
  static void stop() {
    stack.close();
    faulty.close();
    properties.restore();
  }

  @Test
  void aFactAnswered200ShowsInTheDefaultBreakdownDespiteFaults() throws Exception {
    ReadModelLagIT.measure(stack, SECRET, "READ-MODEL-LAG-FAULTS");
    System.out.println("READ-MODEL-LAG-FAULTS injected " + FAULTS.snapshot());
    assertTrue(FAULTS.injectedTotal() > 0, "faults were injected");
  }
}
