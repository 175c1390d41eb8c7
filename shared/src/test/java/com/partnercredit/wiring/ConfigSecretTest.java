package com.partnercredit.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Where the HubSpot client secret comes from, and how a Secrets Manager value is read. */
class ConfigSecretTest {
  private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hubspot-AbCdEf";

  private static Config config(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put(Config.TABLE_NAME, "t");
    return Config.from(all::get);
  }

  @Test
  void inLambdaTheArnWinsOverAPlainSecret() {
    Config config = config(Map.of(Config.HUBSPOT_CLIENT_SECRET, "plain", Config.HUBSPOT_CLIENT_SECRET_ARN, ARN));

    assertEquals(new ConfigSecret.FromArn(ARN), ConfigSecret.source(config, true));
  }

  @Test
  void locallyThePlainSecretWins() {
    Config config = config(Map.of(Config.HUBSPOT_CLIENT_SECRET, "plain", Config.HUBSPOT_CLIENT_SECRET_ARN, ARN));

    assertEquals(new ConfigSecret.Plain("plain"), ConfigSecret.source(config, false));
  }

  @Test
  void inLambdaWithoutAnArnThePlainSecretIsUsed() {
    assertEquals(new ConfigSecret.Plain("plain"),
        ConfigSecret.source(config(Map.of(Config.HUBSPOT_CLIENT_SECRET, "plain")), true));
  }

  @Test
  void neitherIsAClearFailure() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfigSecret.source(config(Map.of()), true));
    assertTrue(e.getMessage().contains("HUBSPOT_CLIENT_SECRET_ARN"), e.getMessage());
  }

  @Test
  void lambdaIsRecognisedByItsFunctionName() {
    assertTrue(ConfigSecret.runningInLambda(Map.of("AWS_LAMBDA_FUNCTION_NAME", "ingest")::get));
    assertFalse(ConfigSecret.runningInLambda(Map.<String, String>of()::get));
  }

  @Test
  void aPlainSecretStringIsTheSecret() {
    assertEquals("s3cret", ConfigSecret.fromSecretString(ARN, " s3cret\n"));
  }

  @Test
  void aConsoleKeyValueSecretIsReadByItsDocumentedKey() {
    assertEquals("s3cret", ConfigSecret.fromSecretString(ARN, "{\"HUBSPOT_CLIENT_SECRET\":\"s3cret\",\"other\":\"x\"}"));
    assertEquals("s3cret", ConfigSecret.fromSecretString(ARN, "{\"clientSecret\":\"s3cret\",\"appId\":\"7\"}"));
  }

  @Test
  void aSingleKeyValueSecretIsReadWhateverItsKey() {
    assertEquals("s3cret", ConfigSecret.fromSecretString(ARN, "{\"hubspot\":\"s3cret\"}"));
  }

  @Test
  void anAmbiguousOrBrokenJsonSecretFailsAtInitNamingTheKeysNotTheValues() {
    IllegalStateException ambiguous = assertThrows(IllegalStateException.class,
        () -> ConfigSecret.fromSecretString(ARN, "{\"a\":\"s3cret\",\"b\":\"other\"}"));
    assertTrue(ambiguous.getMessage().contains("[a, b]") && ambiguous.getMessage().contains("HUBSPOT_CLIENT_SECRET"),
        ambiguous.getMessage());
    assertFalse(ambiguous.getMessage().contains("s3cret"));
    IllegalStateException broken = assertThrows(IllegalStateException.class,
        () -> ConfigSecret.fromSecretString(ARN, "{\"a\":"));
    assertTrue(broken.getMessage().contains("not a JSON object"), broken.getMessage());
    assertThrows(IllegalStateException.class, () -> ConfigSecret.fromSecretString(ARN, "  "));
  }

  // ---- how often a mismatch may read the secret again ----

  @Test
  void aMismatchReadsTheSecretAgainAtMostEvery10SecondsUnlessConfigured() {
    assertEquals(java.time.Duration.ofSeconds(10), config(Map.of()).secretRereadInterval());
    assertEquals(java.time.Duration.ofSeconds(60),
        config(Map.of(Config.HUBSPOT_SECRET_REREAD_SECONDS, "60")).secretRereadInterval());
    assertEquals(java.time.Duration.ZERO, config(Map.of(Config.HUBSPOT_SECRET_REREAD_SECONDS, "0")).secretRereadInterval());
  }

  @Test
  void anIntervalThatIsNoWholeNumberOfSecondsFailsTheInitWithItsName() {
    for (String bad : new String[] {"-1", "10s", "1.5"}) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> config(Map.of(Config.HUBSPOT_SECRET_REREAD_SECONDS, bad)));
      assertTrue(e.getMessage().contains(Config.HUBSPOT_SECRET_REREAD_SECONDS), e.getMessage());
    }
  }

  // ---- rotation: AWSCURRENT and, for a grace period, AWSPREVIOUS ----

  private static final Instant ROTATED_AT = Instant.parse("2026-11-28T09:00:00Z");

  /** Secrets Manager answering GetSecretValue by version stage (AWSCURRENT when none is asked). */
  private static SecretsManagerClient secretsManager(Map<String, GetSecretValueResponse> byStage) {
    return new SecretsManagerClient() {
      @Override
      public String serviceName() {
        return SecretsManagerClient.SERVICE_NAME;
      }

      @Override
      public void close() {}

      @Override
      public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        assertEquals(ARN, request.secretId());
        assertEquals(java.util.Optional.of(ConfigSecret.READ_TIMEOUT),
            request.overrideConfiguration().flatMap(o -> o.apiCallTimeout()),
            "every read is bounded: a restore hook has 10 s, a webhook request less");
        GetSecretValueResponse response = byStage.get(request.versionStage() == null ? "AWSCURRENT" : request.versionStage());
        if (response == null) {
          throw ResourceNotFoundException.builder().message("no version with stage " + request.versionStage()).build();
        }
        return response;
      }
    };
  }

  private static GetSecretValueResponse version(String secretString, Instant createdDate) {
    return GetSecretValueResponse.builder().arn(ARN).secretString(secretString).createdDate(createdDate).build();
  }

  private static ClientSecret secret(String text) {
    return new ClientSecret(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void afterARotationThePreviousVersionIsAcceptedForTheGraceAfterTheNewOneWasCreated() {
    SignatureV3.Secrets secrets = ConfigSecret.read(secretsManager(Map.of(
        "AWSCURRENT", version("{\"HUBSPOT_CLIENT_SECRET\":\"new\"}", ROTATED_AT),
        "AWSPREVIOUS", version("old", ROTATED_AT.minusSeconds(86400 * 90)))), ARN);

    assertEquals(secret("new"), secrets.current());
    assertEquals(new SignatureV3.PreviousSecret(secret("old"), ROTATED_AT.plus(ConfigSecret.ROTATION_GRACE)),
        secrets.previous());
  }

  @Test
  void withoutAPreviousVersionOnlyTheCurrentSecretIsAccepted() {
    SignatureV3.Secrets secrets = ConfigSecret.read(secretsManager(Map.of("AWSCURRENT", version("only", ROTATED_AT))), ARN);

    assertEquals(secret("only"), secrets.current());
    assertEquals(null, secrets.previous());
  }

  @Test
  void aPreviousVersionHoldingTheSameSecretIsNoRotation() {
    SignatureV3.Secrets secrets = ConfigSecret.read(secretsManager(Map.of(
        "AWSCURRENT", version("{\"clientSecret\":\"same\"}", ROTATED_AT), "AWSPREVIOUS", version("same", ROTATED_AT))), ARN);

    assertEquals(null, secrets.previous());
  }
}
