package com.partnercredit.store;

/** DynamoDB failed or throttled past our retries: the caller should try again later (503). */
public final class StorageUnavailable extends Exception {
  public StorageUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
