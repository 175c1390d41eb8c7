package com.partnercredit.wiring;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting the functions read, bound once from the environment at init.
 *
 * <p>Each name is looked up as an environment variable and then as a JVM system property of the
 * same name, so that local tools (the local stack, tests) can configure handlers that they start
 * in-process. Nothing else in the code reads the environment.
 *
 * @param region AWS region ({@code AWS_REGION}, default {@code us-east-1})
 * @param endpointOverride {@code AWS_ENDPOINT_URL}: an emulator's endpoint, for local runs and tests
 * @param tableName {@code TABLE_NAME}: the single DynamoDB table
 * @param hubspotClientSecret {@code HUBSPOT_CLIENT_SECRET}: the secret itself; local runs only (in
 *     Lambda, a configured ARN wins: {@link ConfigSecret})
 * @param hubspotClientSecretArn {@code HUBSPOT_CLIENT_SECRET_ARN}: Secrets Manager secret, in AWS;
 *     its SecretString is the secret or a JSON key/value object ({@link ConfigSecret})
 * @param publicBaseUrl {@code PUBLIC_BASE_URL}: scheme and host HubSpot calls, with the path prefix
 *     if any ({@code https://api.example.com/credit}); empty means the host API Gateway received
 *     the request on
 * @param eventBusName {@code EVENT_BUS_NAME}: the EventBridge bus the publisher puts its events on
 * @param metricsNamespace {@code METRICS_NAMESPACE}: the CloudWatch namespace of the functions' metrics
 *     (the template sets {@code PartnerCredit/<stack name>}; default {@code PartnerCredit})
 * @param secretRereadInterval {@code HUBSPOT_SECRET_REREAD_SECONDS}: how often, at most, a webhook
 *     function re-reads the HubSpot client secret because a signature did not match (default
 *     {@value #DEFAULT_SECRET_REREAD_SECONDS} s; {@code hubspot.ClientSecrets})
 */
public record Config(
    String region,
    Optional<URI> endpointOverride,
    String tableName,
    Optional<String> hubspotClientSecret,
    Optional<String> hubspotClientSecretArn,
    Optional<String> publicBaseUrl,
    Optional<String> eventBusName,
    String metricsNamespace,
    Duration secretRereadInterval) {

  public static final String AWS_REGION = "AWS_REGION";
  public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
  public static final String TABLE_NAME = "TABLE_NAME";
  public static final String HUBSPOT_CLIENT_SECRET = "HUBSPOT_CLIENT_SECRET";
  public static final String HUBSPOT_CLIENT_SECRET_ARN = "HUBSPOT_CLIENT_SECRET_ARN";
  public static final String PUBLIC_BASE_URL = "PUBLIC_BASE_URL";
  public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
  public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";
  public static final String DEFAULT_METRICS_NAMESPACE = "PartnerCredit";
  public static final String HUBSPOT_SECRET_REREAD_SECONDS = "HUBSPOT_SECRET_REREAD_SECONDS";
  public static final int DEFAULT_SECRET_REREAD_SECONDS = 10;

  /** Reads the process environment, then system properties. */
  public static Config fromEnvironment() {
    return from(name -> {
      String value = System.getenv(name);
      return value != null ? value : System.getProperty(name);
    });
  }

  /** Reads settings through {@code lookup}; fails with the variable's name when a required one is missing. */
  public static Config from(Function<String, String> lookup) {
    Function<String, Optional<String>> get =
        name -> Optional.ofNullable(lookup.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    String table = get.apply(TABLE_NAME).orElseThrow(
        () -> new IllegalStateException("TABLE_NAME is not set: name the DynamoDB table to use"));
    Optional<String> baseUrl = get.apply(PUBLIC_BASE_URL).map(Config::withoutTrailingSlash);
    return new Config(
        get.apply(AWS_REGION).orElse("us-east-1"),
        get.apply(AWS_ENDPOINT_URL).map(URI::create),
        table,
        get.apply(HUBSPOT_CLIENT_SECRET),
        get.apply(HUBSPOT_CLIENT_SECRET_ARN),
        baseUrl,
        get.apply(EVENT_BUS_NAME),
        get.apply(METRICS_NAMESPACE).orElse(DEFAULT_METRICS_NAMESPACE),
        Duration.ofSeconds(get.apply(HUBSPOT_SECRET_REREAD_SECONDS).map(Config::seconds)
            .orElse((long) DEFAULT_SECRET_REREAD_SECONDS)));
  }

  private static long seconds(String value) {
    try {
      long seconds = Long.parseLong(value);
      if (seconds >= 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalStateException(HUBSPOT_SECRET_REREAD_SECONDS + " must be a whole number of seconds, 0 or more");
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
