package com.partnercredit.wiring;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Where the HubSpot client secret comes from, and how a Secrets Manager value is read
 * (docs/api.md section 1; docs/operations.md, Secrets).
 *
 * <ul>
 *   <li>In AWS ({@code AWS_LAMBDA_FUNCTION_NAME} is set) with {@code HUBSPOT_CLIENT_SECRET_ARN}
 *       configured, the secret is read from Secrets Manager: a plain {@code HUBSPOT_CLIENT_SECRET}
 *       never overrides it there.
 *   <li>Elsewhere (local stack, tests) {@code HUBSPOT_CLIENT_SECRET} wins when set; else the ARN.
 * </ul>
 *
 * <p>The SecretString is either the secret itself, or a JSON object as the console stores
 * key/value secrets: the value of {@link #KEYS the first documented key} present
 * ({@code HUBSPOT_CLIENT_SECRET}, {@code clientSecret}, {@code hubspotClientSecret}), else the
 * single value of a one-entry object. Anything else fails at init with a message naming the keys
 * found (never a value).
 *
 * <p><b>Rotation without a 401 window.</b> From Secrets Manager the version a rotation replaced
 * ({@code AWSPREVIOUS}) is read too, and webhooks signed with it are accepted for
 * {@link #ROTATION_GRACE} after the current version was created (docs/operations.md, Rotating the
 * HubSpot secret). Without such a version, or once the grace has passed, only the current one is.
 * The functions read both again after a SnapStart restore and when a signature does not match
 * ({@link com.partnercredit.hubspot.ClientSecrets}), so a rotation needs no new version.
 */
public final class ConfigSecret {
  /** How long after a new version is put the previous one is still accepted. */
  public static final Duration ROTATION_GRACE = Duration.ofHours(24);
  public static final String PREVIOUS_STAGE = "AWSPREVIOUS";
  /**
   * One read's limit, its retries included: Secrets Manager answers in milliseconds, and a read
   * again after a restore (Lambda gives the after-restore hooks 10 s, or the invocation fails with
   * SnapStartTimeoutException) or during a webhook request cannot wait long. Reading both versions
   * takes at most twice this.
   */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  /** The keys looked for, in order, in a JSON SecretString. */
  public static final List<String> KEYS = List.of("HUBSPOT_CLIENT_SECRET", "clientSecret", "hubspotClientSecret");
  public static final String AWS_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

  /** The plain secret to use, or empty when the ARN must be read. */
  public sealed interface Source permits Plain, FromArn {}

  public record Plain(String secret) implements Source {
    @Override
    public String toString() {
      return "Plain[***]";
    }
  }

  public record FromArn(String arn) implements Source {}

  private ConfigSecret() {}

  /** Decides the source: see the class comment. */
  public static Source source(Config config, boolean runningInLambda) {
    Optional<String> arn = config.hubspotClientSecretArn();
    if (runningInLambda && arn.isPresent()) {
      return new FromArn(arn.get());
    }
    if (config.hubspotClientSecret().isPresent()) {
      return new Plain(config.hubspotClientSecret().get());
    }
    return new FromArn(arn.orElseThrow(() -> new IllegalStateException(
        "Neither HUBSPOT_CLIENT_SECRET_ARN nor HUBSPOT_CLIENT_SECRET is set: the webhook signature cannot be checked")));
  }

  /** True when this process is a Lambda function ({@code AWS_LAMBDA_FUNCTION_NAME} is set). */
  public static boolean runningInLambda(Function<String, String> environment) {
    String name = environment.apply(AWS_LAMBDA_FUNCTION_NAME);
    return name != null && !name.isBlank();
  }

  /**
   * The current secret ({@code AWSCURRENT}) and the previous one ({@code AWSPREVIOUS}, accepted until
   * the current version's creation + {@link #ROTATION_GRACE}; none when there is no such version,
   * it holds the same secret, or the current version has no creation date).
   */
  public static SignatureV3.Secrets read(SecretsManagerClient client, String arn) {
    GetSecretValueResponse current = client.getSecretValue(r -> r.secretId(arn)
        .overrideConfiguration(o -> o.apiCallTimeout(READ_TIMEOUT)));
    String secret = fromSecretString(arn, current.secretString());
    GetSecretValueResponse previous;
    try {
      previous = client.getSecretValue(r -> r.secretId(arn).versionStage(PREVIOUS_STAGE)
          .overrideConfiguration(o -> o.apiCallTimeout(READ_TIMEOUT)));
    } catch (ResourceNotFoundException none) {
      return new SignatureV3.Secrets(clientSecret(secret), null);
    }
    String before = fromSecretString(arn, previous.secretString());
    Instant rotatedAt = current.createdDate();
    if (before.equals(secret) || rotatedAt == null) {
      return new SignatureV3.Secrets(clientSecret(secret), null);
    }
    return new SignatureV3.Secrets(clientSecret(secret),
        new SignatureV3.PreviousSecret(clientSecret(before), rotatedAt.plus(ROTATION_GRACE)));
  }

  /** A local secret ({@link Plain}): the current one, and no previous one. */
  static SignatureV3.Secrets only(String secret) {
    return new SignatureV3.Secrets(clientSecret(secret), null);
  }

  private static ClientSecret clientSecret(String secret) {
    return new ClientSecret(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The client secret in a SecretString: see the class comment. Fails with a clear message. */
  public static String fromSecretString(String arn, String secretString) {
    if (secretString == null || secretString.isBlank()) {
      throw new IllegalStateException("The secret " + arn + " has no SecretString");
    }
    String value = secretString.trim();
    if (!value.startsWith("{")) {
      return value;
    }
    Map<String, Object> json;
    try {
      json = JSON.std.mapFrom(value);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("The secret " + arn + " starts with '{' but is not a JSON object: store the "
          + "client secret itself, or a JSON object with the key " + KEYS.get(0));
    }
    for (String key : KEYS) {
      if (json.get(key) instanceof String secret && !secret.isBlank()) {
        return secret.trim();
      }
    }
    if (json.size() == 1 && json.values().iterator().next() instanceof String single && !single.isBlank()) {
      return single.trim();
    }
    throw new IllegalStateException("The secret " + arn + " is a JSON object with the keys " + new TreeSet<>(json.keySet())
        + ": it must hold the client secret under one of " + KEYS + " (or be a single key/value pair)");
  }
}
