package com.partnercredit.testsupport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs a state machine of {@code template.yaml} in this process: each {@code Task} invokes the
 * template function its {@code FunctionName} names (a {@code DefinitionSubstitutions} entry referring
 * to a function) through {@link Functions}, which the caller provides (the local stack: the real
 * handlers through the Lambda runtime's serializer; a test: handlers built from their parts), and
 * each {@code Map} runs its items one after another. So the local stack and the tests run the very
 * definition AWS runs, and cannot drift from it.
 *
 * <p>The subset of the Amazon States Language the project's definitions use: {@code Task} on
 * {@code arn:aws:states:::lambda:invoke} ({@code Parameters} with {@code Payload}, {@code OutputPath},
 * {@code ResultPath}, {@code Retry} and {@code Catch} on {@code States.ALL}, {@code States.TaskFailed}
 * or an error name, retried without waiting), {@code Map} ({@code ItemsPath}, {@code ItemSelector},
 * {@code ItemProcessor} in either mode, {@code ResultPath}, {@code Catch}), {@code Pass},
 * {@code Fail}, {@code Next} and {@code End}; paths {@code $}, {@code $.a.b} and the context object's
 * {@code $$.Execution.Id}, {@code .Name}, {@code .Input...}, {@code .StartTime},
 * {@code $$.Map.Item.Value} and {@code .Index}. Anything else is refused with a message. A task's
 * error is named after its exception's class, as Lambda names a Java function's error.
 */
public final class StateMachineRun {

  /** Invokes a template function with a payload (JSON-like maps, lists, strings, numbers) and answers its result. */
  @FunctionalInterface
  public interface Functions {
    Object invoke(String logicalId, Object payload) throws Exception;
  }

  /** One task invocation of the last execution: its state, function, input, and result or error. */
  public record Invocation(String state, String function, Object input, Object output, Exception error) {}

  /**
   * One state of the last execution as it ran: its input and its output (the data the next state
   * gets; null after a {@code Fail} state or an error no {@code Catch} caught). A state of a Map's
   * iteration is named after the Map and the item's index, {@code EvaluateShards[3].EvaluateShard}.
   * What Step Functions limits to 256 KiB each.
   */
  public record StateData(String state, Object input, Object output) {}

  /** The execution failed: a {@code Fail} state, or an error no {@code Catch} caught. */
  public static final class Failed extends Exception {
    private final String error;

    Failed(String error, String cause, Throwable thrown) {
      super(error + (cause == null ? "" : ": " + cause), thrown);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }

  /** A task's or a map's error, named as Step Functions names it, on its way to a {@code Catch}. */
  private static final class StateError extends Exception {
    final String name;

    StateError(String name, String cause, Throwable thrown) {
      super(cause, thrown);
      this.name = name;
    }
  }

  private final String name;
  private final Map<String, Object> definition;
  private final Map<String, String> functionOf; // substitution name -> function logical id
  private final Functions functions;
  private final List<Invocation> invocations = Collections.synchronizedList(new ArrayList<>());
  private final List<StateData> states = Collections.synchronizedList(new ArrayList<>());
  private Consumer<String> trace = line -> {};
  private Clock clock = Clock.systemUTC();

  private StateMachineRun(String name, Map<String, Object> definition, Map<String, String> functionOf,
      Functions functions) {
    this.name = name;
    this.definition = definition;
    this.functionOf = functionOf;
    this.functions = functions;
  }

  /** The template's {@code AWS::Serverless::StateMachine} {@code logicalId}, its tasks run by {@code functions}. */
  public static StateMachineRun fromTemplate(Template template, String logicalId, Functions functions) {
    Map<String, Object> resource = template.resourcesOfType("AWS::Serverless::StateMachine").get(logicalId);
    if (resource == null) {
      throw new IllegalStateException("template.yaml has no AWS::Serverless::StateMachine " + logicalId);
    }
    Map<String, Object> props = Template.map(resource.get("Properties"), logicalId + ".Properties");
    Map<String, Object> definition = Template.map(props.get("Definition"), logicalId + ".Definition");
    Map<String, String> functionOf = new HashMap<>();
    Object substitutions = props.get("DefinitionSubstitutions");
    if (substitutions != null) {
      Template.map(substitutions, "DefinitionSubstitutions").forEach((key, value) -> {
        String function = functionId(value);
        if (function != null) {
          functionOf.put(key, function);
        }
      });
    }
    return new StateMachineRun(logicalId, definition, functionOf, functions);
  }

  /** The logical id a substitution refers to: {@code !Ref F}, {@code !Ref F.Alias}, {@code !GetAtt F.Arn}. */
  private static String functionId(Object value) {
    if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String ref) {
      return ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref;
    }
    if (value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> attribute && !attribute.isEmpty()) {
      return String.valueOf(attribute.get(0));
    }
    if (value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof String attribute) {
      return attribute.contains(".") ? attribute.substring(0, attribute.indexOf('.')) : attribute;
    }
    return null; // not a function
  }

  /** The clock of the executions' {@code StartTime} (tests fix it). */
  public StateMachineRun clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Prints each task invoked (for the console). */
  public StateMachineRun tracing(Consumer<String> trace) {
    this.trace = trace;
    return this;
  }

  /**
   * Runs an execution with this input (JSON-like maps and lists) and returns its output.
   *
   * @throws Failed when the execution fails
   */
  public Object run(Object input) throws Failed {
    invocations.clear();
    states.clear();
    Map<String, Object> execution = new LinkedHashMap<>();
    String executionName = UUID.randomUUID().toString();
    execution.put("Id", "local:" + name + ":" + executionName);
    execution.put("Name", executionName);
    execution.put("Input", input);
    execution.put("StartTime", clock.instant().toString());
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("Execution", execution);
    try {
      return runStates(definition, input, context, name);
    } catch (StateError e) {
      throw new Failed(e.name, e.getMessage(), e.getCause());
    }
  }

  /** The task invocations of the last execution, in the order they ended. */
  public List<Invocation> invocations() {
    synchronized (invocations) {
      return List.copyOf(invocations);
    }
  }

  /** The states of the last execution, in the order they ended (Map iterations included). */
  public List<StateData> states() {
    synchronized (states) {
      return List.copyOf(states);
    }
  }

  private Object runStates(Map<String, Object> machine, Object input, Map<String, Object> context, String where)
      throws StateError, Failed {
    Map<String, Object> machineStates = Template.map(machine.get("States"), where + ".States");
    String current = string(machine.get("StartAt"), where + ".StartAt");
    Object data = input;
    while (true) {
      Map<String, Object> state = Template.map(machineStates.get(current), where + "." + current);
      String type = string(state.get("Type"), current + ".Type");
      String named = where.equals(name) ? current : where + "." + current;
      Object stateInput = data;
      if (type.equals("Fail")) {
        states.add(new StateData(named, stateInput, null));
        throw new Failed(String.valueOf(state.getOrDefault("Error", "States.Fail")),
            state.get("Cause") == null ? null : String.valueOf(state.get("Cause")), null);
      }
      try {
        data = switch (type) {
          case "Task" -> task(current, state, data, context);
          case "Map" -> mapState(current, state, data, context);
          case "Pass" -> data;
          default -> throw new IllegalStateException("the local run does not run " + type + " states (" + current + ")");
        };
      } catch (StateError e) {
        Map<String, Object> catcher = catcher(state, e.name);
        if (catcher == null) {
          states.add(new StateData(named, stateInput, null));
          throw e;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Error", e.name);
        error.put("Cause", e.getMessage());
        data = output(catcher, data, error);
        states.add(new StateData(named, stateInput, data));
        current = string(catcher.get("Next"), current + ".Catch.Next");
        continue;
      }
      states.add(new StateData(named, stateInput, data));
      if (Boolean.TRUE.equals(state.get("End"))) {
        return data;
      }
      current = string(state.get("Next"), current + ".Next");
    }
  }

  private Object task(String stateName, Map<String, Object> state, Object input, Map<String, Object> context)
      throws StateError {
    if (!"arn:aws:states:::lambda:invoke".equals(state.get("Resource"))) {
      throw new IllegalStateException("the local run runs lambda:invoke tasks only, not " + state.get("Resource"));
    }
    Map<String, Object> parameters = Template.map(select(state.get("Parameters"), input, context),
        stateName + ".Parameters");
    String function = function(string(parameters.get("FunctionName"), stateName + ".Parameters.FunctionName"),
        stateName);
    Object payload = parameters.get("Payload");
    for (int attempt = 1; ; attempt++) {
      trace.accept(stateName + " -> " + function + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
      try {
        Object result = functions.invoke(function, payload);
        invocations.add(new Invocation(stateName, function, payload, result, null));
        Map<String, Object> invoked = new LinkedHashMap<>();
        invoked.put("StatusCode", 200);
        invoked.put("Payload", result);
        return output(state, input, path(state.getOrDefault("OutputPath", "$"), invoked, context));
      } catch (Exception e) {
        invocations.add(new Invocation(stateName, function, payload, null, e));
        String error = e.getClass().getName();
        if (attempt > maxRetries(state, error)) {
          throw new StateError(error, e.getMessage(), e);
        }
      }
    }
  }

  /** {@code MaxAttempts} (default 3) of the first retrier matching the error; 0 without one. */
  private static int maxRetries(Map<String, Object> state, String error) {
    Map<String, Object> retrier = matching(state.get("Retry"), error);
    if (retrier == null) {
      return 0;
    }
    return retrier.get("MaxAttempts") instanceof Number n ? n.intValue() : 3;
  }

  private static Map<String, Object> catcher(Map<String, Object> state, String error) {
    return matching(state.get("Catch"), error);
  }

  /** The first retrier or catcher whose {@code ErrorEquals} names the error, {@code States.ALL} or {@code States.TaskFailed}. */
  private static Map<String, Object> matching(Object list, String error) {
    if (!(list instanceof List<?> entries)) {
      return null;
    }
    for (Object entry : entries) {
      Map<String, Object> candidate = Template.map(entry, "Retry/Catch");
      if (candidate.get("ErrorEquals") instanceof List<?> errors
          && (errors.contains("States.ALL") || errors.contains("States.TaskFailed") || errors.contains(error))) {
        return candidate;
      }
    }
    return null;
  }

  private String function(String functionName, String stateName) {
    String id = functionName;
    if (functionName.startsWith("${") && functionName.endsWith("}")) {
      id = functionOf.get(functionName.substring(2, functionName.length() - 1));
    }
    if (id == null) {
      throw new IllegalStateException(stateName + " invokes " + functionName + ", which is no function of the template");
    }
    return id;
  }

  private Object mapState(String stateName, Map<String, Object> state, Object input, Map<String, Object> context)
      throws StateError, Failed {
    Object items = path(state.getOrDefault("ItemsPath", "$"), input, context);
    if (!(items instanceof List<?> list)) {
      throw new IllegalStateException(stateName + ": ItemsPath " + state.get("ItemsPath") + " is not an array");
    }
    Map<String, Object> processor = Template.map(state.get("ItemProcessor"), stateName + ".ItemProcessor");
    List<Object> results = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("Value", list.get(i));
      item.put("Index", i);
      Map<String, Object> itemContext = new LinkedHashMap<>(context);
      itemContext.put("Map", Map.of("Item", item));
      Object itemInput = state.containsKey("ItemSelector")
          ? select(state.get("ItemSelector"), input, itemContext) : list.get(i);
      results.add(runStates(processor, itemInput, itemContext, stateName + "[" + i + "]"));
    }
    return output(state, input, results);
  }

  /** Where a result goes: {@code ResultPath} null keeps the input, {@code $.x} sets x, {@code $} or none replaces it. */
  @SuppressWarnings("unchecked")
  private static Object output(Map<String, Object> state, Object input, Object result) {
    if (!state.containsKey("ResultPath")) {
      return result;
    }
    Object resultPath = state.get("ResultPath");
    if (resultPath == null) {
      return input;
    }
    String path = String.valueOf(resultPath);
    if (path.equals("$")) {
      return result;
    }
    if (!path.startsWith("$.") || path.substring(2).contains(".") || !(input instanceof Map<?, ?>)) {
      throw new IllegalStateException("the local run supports ResultPath null, $ or $.field, not " + path);
    }
    Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) input);
    out.put(path.substring(2), result);
    return out;
  }

  /** A {@code Parameters} or {@code ItemSelector} template: keys ending in {@code .$} are paths. */
  private static Object select(Object template, Object input, Map<String, Object> context) {
    if (!(template instanceof Map<?, ?> fields)) {
      return template;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    fields.forEach((k, v) -> {
      String key = String.valueOf(k);
      if (key.endsWith(".$")) {
        out.put(key.substring(0, key.length() - 2), path(v, input, context));
      } else {
        out.put(key, select(v, input, context));
      }
    });
    return out;
  }

  private static Object path(Object path, Object input, Map<String, Object> context) {
    String p = String.valueOf(path);
    Object node;
    String rest;
    if (p.startsWith("$$")) {
      node = context;
      rest = p.substring(2);
    } else if (p.startsWith("$")) {
      node = input;
      rest = p.substring(1);
    } else {
      throw new IllegalStateException("not a path: " + p);
    }
    for (String field : rest.isEmpty() ? new String[0] : rest.substring(1).split("\\.")) {
      if (!(node instanceof Map<?, ?> m) || !m.containsKey(field)) {
        throw new IllegalStateException("path " + p + " has no " + field + " in " + node);
      }
      node = m.get(field);
    }
    return node;
  }

  private static String string(Object value, String where) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalStateException(where + " is not a string: " + value);
  }
}
