package com.partnercredit.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A rotation reaches a running function without a new version: the secrets are re-read when a
 * signature matches none of them (or only the previous one), at most once per interval, and after a
 * restore; a failed read keeps what is held.
 */
class ClientSecretsTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final String URI = "https://hooks.example.com/webhooks/hubspot";
  private static final String BODY = "[{\"eventId\":1}]";
  private static final ClientSecret OLD = secret("old-secret");
  private static final ClientSecret NEW = secret("new-secret");

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    Instant now = NOW;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** The store: what it holds now, and how many reads it answered. */
  private static final class Store implements ClientSecrets.Store {
    final Deque<Object> answers = new ArrayDeque<>(); // a Secrets, or a RuntimeException to throw
    SignatureV3.Secrets holds;
    int reads;

    Store(ClientSecret current) {
      holds = new SignatureV3.Secrets(current, null);
    }

    @Override
    public SignatureV3.Secrets read() {
      reads++;
      Object next = answers.poll();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return holds;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final Store store = new Store(OLD);
  private final ClientSecrets secrets = ClientSecrets.readFrom(store, INTERVAL, clock);
  private final SignatureV3 signature = new SignatureV3(secrets, clock);

  private static ClientSecret secret(String text) {
    return new ClientSecret(text.getBytes(StandardCharsets.UTF_8));
  }

  private SignatureV3.Verdict signedWith(ClientSecret key) {
    long ts = clock.millis();
    return signature.check("POST", URI, BODY, SignatureV3.sign(key, "POST", URI, BODY, ts), Long.toString(ts));
  }

  private static Optional<SignatureV3.Rejection> accepted() {
    return Optional.empty();
  }

  @Test
  void theFirstRequestSignedWithARotatedSecretIsAcceptedInTheSameProcess() {
    assertEquals(accepted(), signedWith(OLD).rejection());
    store.holds = new SignatureV3.Secrets(NEW, new SignatureV3.PreviousSecret(OLD, NOW.plus(Duration.ofHours(24))));

    assertEquals(new SignatureV3.Verdict(accepted(), false), signedWith(NEW));
    assertEquals(2, store.reads, "read at init, then once for the mismatch");
    assertEquals(new SignatureV3.Verdict(accepted(), true), signedWith(OLD), "the previous secret, in its grace");
  }

  @Test
  void requestsThatMatchNothingReadTheStoreAtMostOncePerInterval() {
    ClientSecret forged = secret("forged");
    for (int i = 0; i < 50; i++) {
      assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH), signedWith(forged).rejection());
    }
    assertEquals(2, store.reads, "init, and one re-read for 50 mismatches within the interval");

    clock.now = NOW.plus(INTERVAL).minusMillis(1);
    signedWith(forged);
    assertEquals(2, store.reads);
    clock.now = NOW.plus(INTERVAL);
    signedWith(forged);
    assertEquals(3, store.reads, "once the interval has passed, the next mismatch reads again");
  }

  @Test
  void unsignedOrStaleRequestsNeverReadTheStore() {
    long ts = clock.millis();
    signature.check("POST", URI, BODY, null, Long.toString(ts));
    signature.check("POST", URI, BODY, "x", null);
    signature.check("POST", URI, BODY, SignatureV3.sign(NEW, "POST", URI, BODY, ts - 600_000), Long.toString(ts - 600_000));
    assertEquals(1, store.reads);
  }

  @Test
  void aRequestSignedWithThePreviousSecretReadsAgainSoAWithdrawnSecretStopsPassing() {
    store.holds = new SignatureV3.Secrets(NEW, new SignatureV3.PreviousSecret(OLD, NOW.plus(Duration.ofHours(24))));
    secrets.reread();
    assertEquals(new SignatureV3.Verdict(accepted(), true), signedWith(OLD));

    store.holds = new SignatureV3.Secrets(NEW, null); // after a leak: AWSPREVIOUS removed
    clock.now = NOW.plus(INTERVAL);
    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH), signedWith(OLD).rejection());
    assertEquals(new SignatureV3.Verdict(accepted(), false), signedWith(NEW), "the current secret reads nothing");
  }

  @Test
  void aRestoreReadsAgainWhateverTheInterval() {
    signedWith(secret("forged")); // a mismatch re-read just now
    store.holds = new SignatureV3.Secrets(NEW, null);

    secrets.reread();

    assertEquals(3, store.reads);
    assertEquals(NEW, secrets.held().current());
    assertEquals(new SignatureV3.Verdict(accepted(), false), signedWith(NEW));
  }

  @Test
  void aFailedReadKeepsTheSecretsHeldAndIsRetriedAfterTheInterval() {
    store.answers.add(new IllegalStateException("Secrets Manager unavailable"));
    store.holds = new SignatureV3.Secrets(NEW, null);

    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH), signedWith(NEW).rejection());
    assertEquals(OLD, secrets.held().current());
    store.answers.add(new IllegalStateException("still unavailable"));
    secrets.reread(); // a failed restore read is logged, never thrown
    assertEquals(OLD, secrets.held().current());

    clock.now = NOW.plus(INTERVAL);
    assertEquals(accepted(), signedWith(NEW).rejection());
  }

  @Test
  void fixedSecretsAreNeverReadAgain() {
    ClientSecrets fixed = ClientSecrets.fixed(new SignatureV3.Secrets(OLD, null));
    fixed.reread();
    assertEquals(Optional.empty(), fixed.rereadAfterMismatch(fixed.held()));
  }

  @Test
  void aStoreThatFailsAtInitFailsTheInit() {
    assertThrows(IllegalStateException.class, () -> ClientSecrets.readFrom(() -> {
      throw new IllegalStateException("no such secret");
    }, INTERVAL, clock));
  }
}
