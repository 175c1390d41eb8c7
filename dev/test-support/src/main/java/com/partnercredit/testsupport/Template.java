package com.partnercredit.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The SAM/CloudFormation template, read as plain maps and lists.
 *
 * <p>CloudFormation short tags ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}, {@code !If [...]})
 * are read as their long form, a one-entry map ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": "A.B"}}),
 * so an intrinsic function is never mistaken for a plain string value.
 */
public final class Template {

  private final Path path;
  private final Map<String, Object> root;

  private Template(Path path, Map<String, Object> root) {
    this.path = path;
    this.root = root;
  }

  /** The repository's {@code template.yaml}, found by walking up from {@code user.dir}. */
  public static Template locate() {
    return read(locateFile());
  }

  public static Template read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new Template(file, parse(reader));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static Template parse(String yaml) {
    return new Template(null, parse(new StringReader(yaml)));
  }

  /**
   * Walks up from {@code user.dir} to the first directory holding both {@code template.yaml} and a
   * {@code pom.xml} with {@code <packaging>pom</packaging>} (the parent project).
   */
  public static Path locateFile() {
    return locateFile(Path.of(System.getProperty("user.dir")));
  }

  static Path locateFile(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path template = dir.resolve("template.yaml");
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(template) && Files.isRegularFile(pom) && isParentPom(pom)) {
        return template;
      }
    }
    throw new IllegalStateException(
        "no template.yaml next to a parent pom.xml (<packaging>pom</packaging>) in "
            + start.toAbsolutePath() + " or any directory above it");
  }

  private static boolean isParentPom(Path pom) {
    try {
      return Files.readString(pom).replaceAll("\\s", "").contains("<packaging>pom</packaging>");
    } catch (IOException e) {
      return false;
    }
  }

  /** The file it was read from, or null when parsed from a string. */
  public Path path() {
    return path;
  }

  public Map<String, Object> root() {
    return root;
  }

  /** Logical id → resource (with {@code Type}, {@code Properties}, ...), in template order. */
  public Map<String, Map<String, Object>> resources() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    map(root.get("Resources"), "Resources").forEach((id, r) -> out.put(id, map(r, "Resources." + id)));
    return out;
  }

  /** Resources of the given {@code Type}, logical id → resource, in template order. */
  public Map<String, Map<String, Object>> resourcesOfType(String type) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    resources().forEach((id, r) -> {
      if (type.equals(r.get("Type"))) {
        out.put(id, r);
      }
    });
    return out;
  }

  /** {@code Globals.<section>} (for example {@code Function}), empty when absent. */
  public Map<String, Object> globals(String section) {
    Object globals = root.get("Globals");
    if (globals == null) {
      return Map.of();
    }
    Object s = map(globals, "Globals").get(section);
    return s == null ? Map.of() : map(s, "Globals." + section);
  }

  /** True when the value is an intrinsic function ({@code {"Ref": ..}} or {@code {"Fn::...": ..}}). */
  public static boolean isIntrinsic(Object value) {
    if (!(value instanceof Map<?, ?> m) || m.size() != 1) {
      return false;
    }
    String key = String.valueOf(m.keySet().iterator().next());
    return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String where) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalStateException(where + " is not a mapping in the template: " + value);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value, String where) {
    if (value instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new IllegalStateException(where + " is not a list in the template: " + value);
  }

  static String string(Object value, String where) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    throw new IllegalStateException(
        where + " must be a plain value in the template, not " + Objects.toString(value));
  }

  private static Map<String, Object> parse(Reader reader) {
    LoaderOptions options = new LoaderOptions();
    Object loaded = new Yaml(new CloudFormationConstructor(options)).load(reader);
    if (!(loaded instanceof Map<?, ?>)) {
      throw new IllegalStateException("the template is not a YAML mapping");
    }
    return map(loaded, "template");
  }

  /** Safe construction, plus every unknown {@code !Tag} read as CloudFormation's long form. */
  private static final class CloudFormationConstructor extends SafeConstructor {
    CloudFormationConstructor(LoaderOptions options) {
      super(options);
      yamlConstructors.put(null, new IntrinsicConstruct());
    }

    private final class IntrinsicConstruct extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode scalar) {
          value = constructScalar(scalar);
        } else if (node instanceof SequenceNode sequence) {
          value = constructSequence(sequence);
        } else {
          value = constructMapping((MappingNode) node);
        }
        String tag = node.getTag().getValue();
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
        if (key.equals("Fn::GetAtt") && value instanceof String s && s.contains(".")) {
          value = List.of(s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1));
        }
        Map<String, Object> longForm = new LinkedHashMap<>();
        longForm.put(key, value);
        return longForm;
      }
    }
  }
}
