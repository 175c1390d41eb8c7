package com.partnercredit.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * When a request must have its answer: created as the request arrives, with the route's budget, and
 * passed down to every DynamoDB call it makes. A call gets at most the time left
 * ({@link #limit}), and {@link #retry} retries a throttled or failed call with backoff only while
 * time is left. At the deadline the caller gets {@link StorageUnavailable} (a 503 with
 * {@code Retry-After}); what was stored stays stored, and the retry finds it as duplicates.
 *
 * <p>Measured on the monotonic clock ({@link System#nanoTime}), never on the business clock.
 * {@link #NONE} means no deadline: no per-call limit and no retries beyond the SDK's own (the
 * publisher, and callers that predate deadlines).
 */
public final class Deadline {
  /** No deadline. */
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE);

  static final long FIRST_BACKOFF_MILLIS = 20;
  static final long MAX_BACKOFF_MILLIS = 400;
  /** A call is not started with less than this left: it could not finish. */
  static final long MIN_CALL_MILLIS = 50;

  private final long atNanos;

  private Deadline(long atNanos) {
    this.atNanos = atNanos;
  }

  /** {@code budget} from now. */
  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /**
   * This deadline moved {@code reserve} earlier: the time by which a first plan must be given up so
   * that a fallback still fits before this deadline. {@link #NONE} stays none.
   */
  public Deadline earlier(Duration reserve) {
    return isNone() ? NONE : new Deadline(atNanos - reserve.toNanos());
  }

  public boolean isNone() {
    return this == NONE;
  }

  /** Time left, zero when past; {@link Duration#ofDays} of plenty for {@link #NONE}. */
  public Duration remaining() {
    if (isNone()) {
      return Duration.ofDays(1);
    }
    return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
  }

  public boolean expired() {
    return !isNone() && atNanos - System.nanoTime() <= 0;
  }

  /** Throws when a call could no longer finish in time. */
  public void check(String what) throws StorageUnavailable {
    if (!isNone() && remaining().toMillis() < MIN_CALL_MILLIS) {
      throw new StorageUnavailable("request deadline reached before " + what, null);
    }
  }

  /** A request override that makes the SDK give up (retries included) when the time is up. */
  public void limit(AwsRequestOverrideConfiguration.Builder override) {
    if (!isNone()) {
      override.apiCallTimeout(Duration.ofMillis(Math.max(1, remaining().toMillis())));
    }
  }

  /** One DynamoDB call, throwing {@link StorageUnavailable} with the SDK's exception as the cause. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws StorageUnavailable;
  }

  /**
   * Runs {@code call}; while time is left, retries it after a jittered exponential backoff when it
   * failed in a way a retry can cure (throttling, a 5xx, a timeout of one attempt, a connection
   * error). Without a deadline, runs it once.
   */
  public <T> T retry(String what, Call<T> call) throws StorageUnavailable {
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      check(what);
      try {
        return call.call();
      } catch (StorageUnavailable e) {
        if (isNone() || !retryable(e.getCause())) {
          throw e;
        }
        long sleep = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
        if (remaining().toMillis() < sleep + MIN_CALL_MILLIS) {
          throw new StorageUnavailable("request deadline reached after " + attempt + " attempts of " + what
              + ": " + e.getMessage(), e.getCause());
        }
        pause(sleep);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /** Sleeps {@code millis} unless that would pass the deadline. */
  public void pause(long millis) throws StorageUnavailable {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailable("interrupted while retrying", e);
    }
  }

  /** Throttling, a server error, or a failure on the way (one attempt's timeout, the connection). */
  static boolean retryable(Throwable cause) {
    if (cause instanceof ApiCallTimeoutException) {
      return false; // the whole call ran out of time: the deadline is here
    }
    if (cause instanceof AwsServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return cause instanceof SdkClientException
        || (cause instanceof SdkException sdk && sdk.retryable());
  }

  @Override
  public String toString() {
    return isNone() ? "no deadline" : remaining().toMillis() + " ms left";
  }
}
