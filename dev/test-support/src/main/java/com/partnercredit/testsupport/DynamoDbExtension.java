package com.partnercredit.testsupport;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Gives each test class its own DynamoDB table, created from {@code template.yaml} on the JVM's
 * shared {@link Emulator}, and deletes it after the class. {@code @Nested} classes share their
 * outer class's table.
 *
 * <pre>{@code
 * @ExtendWith(DynamoDbExtension.class)
 * class StoreIT {
 *   @Test void stores(TestTable table) { table.client().putItem(b -> b.tableName(table.name())...); }
 * }
 *
 * class OtherIT {
 *   @RegisterExtension static final DynamoDbExtension dynamo = new DynamoDbExtension();
 *   @Test void reads() { dynamo.table().name(); }
 * }
 * }</pre>
 *
 * <p>Test methods, lifecycle methods and constructors may declare a {@link TestTable} or a
 * {@link DynamoDbClient} parameter.
 */
public final class DynamoDbExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbExtension.class);
  private static final String KEY = "table";

  private volatile TestTable table;

  @Override
  public void beforeAll(ExtensionContext context) {
    table = tableFor(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context != owner(context)) {
      return; // a @Nested class: the outer class owns the table
    }
    TestTable created = context.getStore(NAMESPACE).remove(KEY, TestTable.class);
    if (created == null) {
      return;
    }
    try (DynamoDbClient client = created.client()) {
      client.deleteTable(b -> b.tableName(created.name()));
    } catch (RuntimeException bestEffort) {
      System.err.println("[DynamoDbExtension] could not delete table " + created.name() + ": " + bestEffort);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestTable.class || type == DynamoDbClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestTable resolved = tableFor(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == TestTable.class) {
      return resolved;
    }
    if (type == DynamoDbClient.class) {
      return resolved.client();
    }
    throw new ParameterResolutionException("unsupported parameter " + parameter.getParameter());
  }

  /** The current class's table; for an extension registered in a static field, after {@code @BeforeAll}. */
  public TestTable table() {
    TestTable current = table;
    if (current == null) {
      throw new IllegalStateException(
          "no table yet: register DynamoDbExtension in a static field (or with @ExtendWith) and use it from tests");
    }
    return current;
  }

  public String tableName() {
    return table().name();
  }

  public DynamoDbClient client() {
    return table().client();
  }

  public java.net.URI endpoint() {
    return table().endpoint();
  }

  private static TestTable tableFor(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, k -> create(owner), TestTable.class);
  }

  /** The outermost class context above (or at) this one. */
  private static ExtensionContext owner(ExtensionContext context) {
    ExtensionContext owner = context;
    Optional<ExtensionContext> parent = context.getParent();
    while (parent.isPresent() && parent.get().getParent().isPresent()) {
      owner = parent.get();
      parent = owner.getParent();
    }
    return owner;
  }

  private static TestTable create(ExtensionContext owner) {
    Emulator emulator = Emulator.shared();
    String name = tableName(owner.getRequiredTestClass());
    DynamoDbClient client = emulator.newDynamoDbClient();
    try {
      TemplateTable.fromTemplate().create(client, name);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return new TestTable(name, client, emulator.endpoint(), emulator.region());
  }

  static String tableName(Class<?> testClass) {
    String base = testClass.getSimpleName().replaceAll("[^A-Za-z0-9_.-]", "_");
    if (base.length() > 200) {
      base = base.substring(0, 200);
    }
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
