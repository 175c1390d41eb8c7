package com.partnercredit.publisher;

/** EventBridge refused events past our retries: the run did not publish everything it computed. */
public final class EventsUnavailable extends Exception {
  public EventsUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
