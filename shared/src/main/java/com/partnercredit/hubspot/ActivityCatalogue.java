package com.partnercredit.hubspot;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The qualifying-activity catalogue of docs/rules.md section 4, loaded from the data file
 * {@code hubspot/activity-catalogue.json}: activity type to tool and qualifying flag.
 */
public final class ActivityCatalogue {
  public static final String RESOURCE = "/hubspot/activity-catalogue.json";

  /** What the catalogue says of one activity type. */
  public record Entry(String tool, boolean qualifying) {}

  private final Map<String, Entry> entries;

  public ActivityCatalogue(Map<String, Entry> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** The catalogue shipped with the code. */
  public static ActivityCatalogue standard() {
    try (InputStream in = ActivityCatalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return fromJson(JSON.std.mapFrom(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @SuppressWarnings("unchecked")
  static ActivityCatalogue fromJson(Map<String, Object> json) {
    Map<String, Entry> entries = new HashMap<>();
    Map<String, Object> crm = (Map<String, Object>) json.get("crm");
    Map<String, Object> objects = (Map<String, Object>) crm.get("objects");
    Map<String, Object> events = (Map<String, Object>) crm.get("events");
    objects.forEach((object, tool) -> events.forEach((event, qualifying) ->
        entries.put(object + "." + event, new Entry((String) tool, (Boolean) qualifying))));
    Map<String, Object> types = (Map<String, Object>) json.get("types");
    types.forEach((type, value) -> {
      Map<String, Object> entry = (Map<String, Object>) value;
      entries.put(type, new Entry((String) entry.get("tool"), (Boolean) entry.get("qualifying")));
    });
    return new ActivityCatalogue(entries);
  }

  /** The catalogue's entry for {@code type}, or null when the type is unknown (and so does not qualify). */
  public Entry lookup(String type) {
    return entries.get(type);
  }

  /** Every type the catalogue knows. */
  public java.util.Set<String> types() {
    return entries.keySet();
  }
}
