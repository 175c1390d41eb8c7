package com.partnercredit.hubspot;

import com.partnercredit.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The client secrets a function holds ({@link SignatureV3.Secrets}), and how they follow a rotation
 * without a new version: they are re-read from their store (Secrets Manager, in AWS):
 *
 * <ul>
 *   <li>after a SnapStart restore ({@link #reread()}): a snapshot may be restored days after it was
 *       taken, and must not keep accepting a secret withdrawn since;
 *   <li>when a request's signature matches neither secret, or only the previous one
 *       ({@link #rereadAfterMismatch}), at most once per {@code interval}: so a rotation reaches a
 *       running function with the first request signed with the new secret, and an unsigned caller
 *       can cost at most one read per interval.
 * </ul>
 *
 * <p>A read that fails is logged and changes nothing: the secrets held stay, and the next mismatch
 * after the interval tries again. Fixed secrets ({@link #fixed}: a local secret, tests) are never
 * re-read.
 */
public final class ClientSecrets {

  /** Where the secrets are read from. */
  @FunctionalInterface
  public interface Store {
    SignatureV3.Secrets read();
  }

  private final Store store; // null: fixed
  private final Duration interval;
  private final Clock clock;
  private volatile SignatureV3.Secrets held;
  private long nextRereadMillis = Long.MIN_VALUE; // guarded by this: when a mismatch may re-read again

  private ClientSecrets(SignatureV3.Secrets held, Store store, Duration interval, Clock clock) {
    this.held = Objects.requireNonNull(held);
    this.store = store;
    this.interval = interval;
    this.clock = clock;
  }

  /** Secrets that are never re-read. */
  public static ClientSecrets fixed(SignatureV3.Secrets secrets) {
    return new ClientSecrets(secrets, null, Duration.ZERO, Clock.systemUTC());
  }

  /**
   * Reads the secrets from {@code store} now (at init: a failure here fails the init), and re-reads
   * them after a restore and after a mismatch, at most once per {@code interval}.
   */
  public static ClientSecrets readFrom(Store store, Duration interval, Clock clock) {
    return new ClientSecrets(store.read(), store, interval, clock);
  }

  /** The secrets held now. */
  public SignatureV3.Secrets held() {
    return held;
  }

  /** Re-reads the secrets now, whatever the interval (after a SnapStart restore); a failure is logged. */
  public void reread() {
    if (store != null) {
      synchronized (this) {
        readNow("after a restore");
      }
    }
  }

  /**
   * After a signature matched {@code seen} not at all, or only with the previous secret: the secrets
   * to check it against again. Those another request read in the meantime, else a fresh read if the
   * last one caused by a mismatch is at least {@code interval} ago; empty when there is nothing new
   * to try (fixed secrets, too soon, or the read failed).
   */
  public Optional<SignatureV3.Secrets> rereadAfterMismatch(SignatureV3.Secrets seen) {
    if (store == null) {
      return Optional.empty();
    }
    synchronized (this) {
      if (held != seen) {
        return Optional.of(held);
      }
      long now = clock.millis();
      if (now < nextRereadMillis) {
        return Optional.empty();
      }
      nextRereadMillis = now + interval.toMillis();
      return readNow("after a signature that matched no current secret") ? Optional.of(held) : Optional.empty();
    }
  }

  private boolean readNow(String why) {
    try {
      held = store.read();
      Log.info("HubSpot client secret re-read " + why);
      return true;
    } catch (RuntimeException e) {
      Log.warn("HubSpot client secret not re-read " + why + ", the secrets held stay: " + e);
      return false;
    }
  }
}
