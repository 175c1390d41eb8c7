package com.partnercredit.webhook;

import com.partnercredit.hubspot.Limits;
import java.util.Map;

/**
 * One element of a webhook body's array, as it was sent.
 *
 * @param index its place in the array, from 0
 * @param raw its JSON text exactly as sent (what a dead letter keeps, cut to 16 KB)
 * @param json the object read, or null when it could not be read
 * @param unreadable why it could not be read (for example nesting or a number beyond the
 *     parser's limits, or a duplicate key), or null when {@code json} is there
 */
public record WebhookEvent(int index, String raw, Map<String, Object> json, String unreadable) {

  public static WebhookEvent read(int index, String raw, Map<String, Object> json) {
    return new WebhookEvent(index, raw, json, null);
  }

  public static WebhookEvent unreadable(int index, String raw, String reason) {
    return new WebhookEvent(index, raw, null, reason);
  }

  public boolean readable() {
    return json != null;
  }

  /**
   * The event's {@code eventId} as sent, for reports; null when absent, not a string or number, or
   * unreadable. One longer than the limit of docs/api.md section 6 is cut to 200 characters.
   */
  public Object eventId() {
    if (json == null) {
      return null;
    }
    Object id = json.get("eventId");
    if (id instanceof String text) {
      return text.length() <= Limits.EVENT_ID ? text : Limits.echo(text);
    }
    if (id instanceof Number number) {
      return number.toString().length() <= Limits.ECHOED_CHARACTERS ? number : Limits.echo(number);
    }
    return null;
  }
}
