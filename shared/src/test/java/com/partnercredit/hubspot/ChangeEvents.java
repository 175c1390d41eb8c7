package com.partnercredit.hubspot;

import java.util.HashMap;
import java.util.Map;

/** Change-event JSON for tests: a SYSTEM event {@code e1} at {@link #AT} with the given fields. */
public final class ChangeEvents {
  public static final long AT = 1764324000000L;

  private ChangeEvents() {}

  /** {@code fields} are name, value pairs; they override the defaults. */
  public static Map<String, Object> event(String type, Object... fields) {
    Map<String, Object> json = new HashMap<>();
    json.put("eventId", "e1");
    json.put("type", type);
    json.put("occurredAt", AT);
    json.put("actor", new HashMap<>(Map.of("role", "SYSTEM")));
    for (int i = 0; i < fields.length; i += 2) {
      json.put((String) fields[i], fields[i + 1]);
    }
    return json;
  }
}
