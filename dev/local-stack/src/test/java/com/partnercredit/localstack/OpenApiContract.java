package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.partnercredit.testsupport.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docs/openapi.yaml}, used to check real responses: the schema the document gives for a
 * route's status and media type, validated with a JSON Schema 2020-12 validator (OpenAPI 3.1's
 * dialect), and the headers it marks required. Remembers what it checked, so a test can say which
 * operations were never exercised.
 */
final class OpenApiContract {
  /** The document's IRI for the validator: its {@code $ref}s resolve against it, nothing is fetched. */
  private static final String BASE = "https://partner-credit.test/openapi.json";

  private final Map<String, Object> document;
  private final SchemaRegistry registry;
  private final Set<String> checked = new LinkedHashSet<>();

  private OpenApiContract(Map<String, Object> document) throws IOException {
    this.document = document;
    String json = JSON.std.asString(document);
    this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemas(Map.of(BASE, json)));
  }

  static OpenApiContract load() throws IOException {
    Path yaml = Template.locateFile().getParent().resolve("docs").resolve("openapi.yaml");
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Map<String, Object> document = new Yaml(options).load(Files.readString(yaml));
    return new OpenApiContract(document);
  }

  Map<String, Object> document() {
    return document;
  }

  /** {@code METHOD /path/template} of every operation the document describes. */
  Set<String> operations() {
    Set<String> operations = new LinkedHashSet<>();
    map(document.get("paths")).forEach((path, item) -> map(item).keySet().forEach(method -> {
      if (List.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
        operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
      }
    }));
    return operations;
  }

  /** {@code METHOD /path/template} of every operation a response was checked for. */
  Set<String> checkedOperations() {
    Set<String> operations = new LinkedHashSet<>();
    checked.forEach(key -> operations.add(key.substring(0, key.indexOf(' ', key.indexOf(' ') + 1))));
    return operations;
  }

  /** {@code METHOD /path status media-type} of every response checked. */
  Set<String> checked() {
    return checked;
  }

  /**
   * What is wrong with {@code response} as an answer of {@code method pathTemplate} by the document:
   * an undocumented status or media type, a missing required header, or every schema error. Empty
   * when the response is as documented.
   */
  List<String> problems(String method, String pathTemplate, HttpResponse<String> response) {
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    return problems(method, pathTemplate, response.statusCode(), headers, response.body());
  }

  /** The same, for a response given by its parts; {@code headers} names in lower case. */
  List<String> problems(String method, String pathTemplate, int statusCode, Map<String, String> responseHeaders,
      String body) {
    String mediaType = responseHeaders.getOrDefault("content-type", "").split(";")[0].trim().toLowerCase(Locale.ROOT);
    String status = Integer.toString(statusCode);
    String where = method + " " + pathTemplate + " " + status + " " + mediaType;
    checked.add(where);
    List<String> problems = new ArrayList<>();
    Map<String, Object> operation = operation(method, pathTemplate);
    if (operation == null) {
      problems.add(method + " " + pathTemplate + " is not in docs/openapi.yaml");
      return problems;
    }
    Map<String, Object> responses = map(operation.get("responses"));
    if (!responses.containsKey(status)) {
      problems.add(where + ": status " + status + " is not documented (documented: " + responses.keySet() + ")");
      return problems;
    }
    Map<String, Object> documented = resolve(map(responses.get(status)));
    Map<String, Object> headers = documented.get("headers") == null ? Map.of() : map(documented.get("headers"));
    headers.forEach((name, header) -> {
      Map<String, Object> h = resolve(map(header));
      if (Boolean.TRUE.equals(h.get("required")) && !responseHeaders.containsKey(name.toLowerCase(Locale.ROOT))) {
        problems.add(where + ": required header " + name + " is missing");
      }
    });
    Map<String, Object> content = documented.get("content") == null ? Map.of() : map(documented.get("content"));
    if (content.isEmpty()) {
      return problems;
    }
    if (!content.containsKey(mediaType)) {
      problems.add(where + ": media type " + mediaType + " is not documented (documented: " + content.keySet() + ")");
      return problems;
    }
    Object schemaNode = map(content.get(mediaType)).get("schema");
    if (schemaNode == null) {
      return problems;
    }
    String instance;
    try {
      instance = mediaType.endsWith("json") ? body : JSON.std.asString(body);
      Schema schema = registry.getSchema(JSON.std.asString(absoluteRefs(schemaNode)), InputFormat.JSON);
      for (Error error : schema.validate(instance, InputFormat.JSON)) {
        problems.add(where + ": " + error);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return problems;
  }

  private Map<String, Object> operation(String method, String pathTemplate) {
    Object item = map(document.get("paths")).get(pathTemplate);
    if (item == null) {
      return null;
    }
    Object operation = map(item).get(method.toLowerCase(Locale.ROOT));
    return operation == null ? null : map(operation);
  }

  /** A {@code $ref} to {@code #/components/...} replaced by what it names. */
  private Map<String, Object> resolve(Map<String, Object> node) {
    Object ref = node.get("$ref");
    if (!(ref instanceof String pointer) || !pointer.startsWith("#/")) {
      return node;
    }
    Object target = document;
    for (String part : pointer.substring(2).split("/")) {
      target = map(target).get(part.replace("~1", "/").replace("~0", "~"));
    }
    return resolve(map(target));
  }

  /** A copy of a schema whose local {@code $ref}s point into the registered document. */
  private static Object absoluteRefs(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k),
          "$ref".equals(k) && v instanceof String ref && ref.startsWith("#") ? BASE + ref : absoluteRefs(v)));
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(absoluteRefs(v)));
      return copy;
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalStateException("expected a mapping in docs/openapi.yaml, got " + value);
  }
}
