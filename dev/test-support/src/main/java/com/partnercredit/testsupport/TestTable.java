package com.partnercredit.testsupport;

import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A test class's own table, created from {@code template.yaml} on the JVM's {@link Emulator}.
 *
 * @param name the table name ({@code <SimpleClassName>-<random>})
 * @param client a client for the emulator (closed after the class)
 * @param endpoint the emulator endpoint (DynamoDB, and EventBridge on the same emulator)
 * @param region the region the client uses
 */
public record TestTable(String name, DynamoDbClient client, URI endpoint, Region region) {}
