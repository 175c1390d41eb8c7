package com.partnercredit.localstack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.amazonaws.services.lambda.runtime.serialization.util.SerializeUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A handler named by a template's {@code Handler} ({@code class::method}), instantiated once
 * through its public no-arg constructor and invoked as the Lambda Java runtime does: the event
 * JSON is read with {@code aws-lambda-java-serialization} into the method's input type, and the
 * result is written back to JSON the same way. Stream handlers get the bytes as they are.
 */
public final class LambdaFunction {

  /** The class loader the events serializer last loaded classes from ({@link #forgetLoadedClasses}). */
  private static ClassLoader lastEventsLoader;

  private final String handler;
  private final Object instance;
  private final Method method;
  private final boolean stream;
  private final PojoSerializer<Object> input;

  private LambdaFunction(String handler, Object instance, Method method, boolean stream, PojoSerializer<Object> input) {
    this.handler = handler;
    this.instance = instance;
    this.method = method;
    this.stream = stream;
    this.input = input;
  }

  /** Loads the class, finds the method and creates the instance (running its init code once). */
  public static LambdaFunction load(String handler, ClassLoader loader) {
    String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
    String methodName = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("handler class " + className + " is not on the classpath (" + handler + ")", e);
    }
    Method method = findMethod(type, methodName, handler);
    boolean stream = method.getParameterCount() == 3;
    Object instance = null;
    if (!Modifier.isStatic(method.getModifiers())) {
      try {
        Constructor<?> constructor = type.getConstructor();
        instance = constructor.newInstance();
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(className + " has no public no-arg constructor, which Lambda needs", e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("initialising " + className + " failed: " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot instantiate " + className, e);
      }
    }
    PojoSerializer<Object> input = stream ? null : serializer(method.getParameterTypes()[0], loader);
    return new LambdaFunction(handler, instance, method, stream, input);
  }

  private static Method findMethod(Class<?> type, String name, String handler) {
    Method best = null;
    for (Method m : type.getMethods()) {
      if (!m.getName().equals(name) || m.isBridge() || m.isSynthetic()) {
        continue;
      }
      Class<?>[] p = m.getParameterTypes();
      boolean streamHandler = p.length == 3 && p[0] == InputStream.class && p[1] == OutputStream.class
          && p[2] == Context.class;
      boolean requestHandler = p.length == 2 && p[1] == Context.class || p.length == 1;
      if (streamHandler || requestHandler) {
        if (best == null || p.length > best.getParameterCount()) {
          best = m;
        }
      }
    }
    if (best == null) {
      throw new IllegalStateException("no public method " + name + "(input[, Context]) in " + type.getName()
          + " (" + handler + ")");
    }
    return best;
  }

  /**
   * As the runtime chooses: the events serializer for the Lambda events library's types (which
   * loads Joda-Time's {@code DateTime} from the function's class loader, so a function that takes
   * one must ship Joda-Time), plain Jackson for anything else ({@code Map}, a POJO).
   */
  @SuppressWarnings("unchecked")
  private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
    if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
      synchronized (LambdaFunction.class) {
        if (loader != lastEventsLoader) {
          forgetLoadedClasses();
          lastEventsLoader = loader;
        }
        return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
      }
    }
    return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
  }

  /**
   * The events serializer caches the classes it loads by name, whichever class loader asked
   * ({@code SerializeUtil.cachedClasses}): right in Lambda, one function per JVM. Here a function
   * loaded from its own jar (ShadedJarsIT) after another copy of the same event classes would get
   * that copy's mixins, and read a DynamoDB stream record's {@code Keys} as nothing. Forgotten
   * when a serializer is built for another class loader than the last, so each loads its classes
   * from its own loader (the local stack's functions share one: it never forgets).
   */
  private static void forgetLoadedClasses() {
    try {
      Field cached = SerializeUtil.class.getDeclaredField("cachedClasses");
      cached.setAccessible(true);
      ((Map<?, ?>) cached.get(null)).clear();
    } catch (ReflectiveOperationException | RuntimeException noSuchCache) {
      // another version of the library: nothing to forget
    }
  }

  public String handler() {
    return handler;
  }

  /** The method's input type (for a {@code RequestHandler<I, O>}, {@code I}). */
  public Class<?> inputType() {
    return stream ? InputStream.class : method.getParameterTypes()[0];
  }

  /** Deserializes the event, invokes the handler, serializes its result; handler exceptions propagate. */
  public String invoke(String eventJson, Context context) throws Exception {
    try {
      if (stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        method.invoke(instance, new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out, context);
        return out.toString(StandardCharsets.UTF_8);
      }
      Object event = input.fromJson(eventJson);
      Object result = method.getParameterCount() == 2 ? method.invoke(instance, event, context)
          : method.invoke(instance, event);
      return toJson(result);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    }
  }

  /**
   * Runs the handler's SnapStart hook as Lambda does before it snapshots an initialized function:
   * its {@code org.crac.Resource#beforeCheckpoint}, found by name so that a handler loaded from its
   * own jar (its own copy of {@code org.crac}) works too. False when the handler has no such hook.
   */
  public boolean beforeCheckpoint() throws Exception {
    if (instance == null) {
      return false;
    }
    for (Method hook : instance.getClass().getMethods()) {
      if (hook.getName().equals("beforeCheckpoint") && hook.getParameterCount() == 1
          && hook.getParameterTypes()[0].getName().equals("org.crac.Context")) {
        try {
          hook.invoke(instance, (Object) null);
          return true;
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Exception ex) {
            throw ex;
          }
          throw (Error) cause;
        }
      }
    }
    return false;
  }

  /** Invokes the handler with an event object already built (no serialization on the way in). */
  public Object invokeWith(Object event, Context context) throws Exception {
    try {
      return method.getParameterCount() == 2 ? method.invoke(instance, event, context) : method.invoke(instance, event);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    }
  }

  private String toJson(Object result) {
    if (result == null) {
      return "null";
    }
    Class<?> type = method.getReturnType() == Object.class ? result.getClass() : method.getReturnType();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer(type, instance == null ? method.getDeclaringClass().getClassLoader() : instance.getClass().getClassLoader())
        .toJson(result, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
