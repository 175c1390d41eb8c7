package com.partnercredit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Structured log lines: valid JSON on one line, and no email address in any string value. */
class JsonTest {

  @Test
  void aLineIsOneJsonObjectThatReadsBackTheSame() throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("route", "POST /webhooks/hubspot");
    fields.put("count", 3);
    fields.put("ok", true);
    fields.put("quoted", "a \"b\"\n\tc\\ \u0001");
    fields.put("list", List.of(1, "two"));
    fields.put("absent", null);

    String line = Json.line(fields);

    assertFalse(line.contains("\n"), line);
    Map<String, Object> read = JSON.std.mapFrom(line);
    assertEquals("a \"b\"\n\tc\\ \u0001", read.get("quoted"));
    assertEquals(List.of(1, "two"), read.get("list"));
    assertEquals(3, read.get("count"));
    assertFalse(read.containsKey("absent"));
  }

  @Test
  void emailAddressesAreRedactedEverywhereInStrings() throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("reason", "email 'alice@agency.com' is taken by bob@x.io");
    fields.put("nested", Map.of("list", List.of("carol@@broken")));

    String line = Json.line(fields);

    assertFalse(line.contains("@"), line);
    Map<String, Object> read = JSON.std.mapFrom(line);
    assertEquals("email '<email>' is taken by <email>", read.get("reason"));
  }

  @Test
  void textWithoutAnAtSignIsKeptAsItIs() {
    assertEquals("userId:555 portal 222", Redact.emails("userId:555 portal 222"));
  }

  @Test
  void aNonFiniteDoubleIsNull() throws Exception {
    Map<String, Object> read = JSON.std.mapFrom(Json.line(Map.of("x", Double.NaN, "y", 2.5, "z", 3.0)));
    assertEquals(null, read.get("x"));
    assertEquals(2.5, ((Number) read.get("y")).doubleValue());
    assertEquals(3, read.get("z"));
  }
}
