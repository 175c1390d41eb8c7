package com.partnercredit.localstack.crac;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A CRaC implementation for a JVM that has none (this JDK), found by {@code org.crac} when the JVM
 * runs with {@code -Dorg.crac.Core.Compat=com.partnercredit.localstack.crac}: what a handler
 * registers with {@code org.crac.Core.getGlobalContext()} lands in {@link #getGlobalContext()}, and
 * {@code org.crac.Core.checkpointRestore()} runs every {@code beforeCheckpoint} (last registered
 * first), then {@link #betweenCheckpointAndRestore} (where a snapshot would be taken and later
 * restored), then every {@code afterRestore} (first registered first), as a SnapStart function's
 * JVM goes through them. Nothing is snapshotted: the same process goes on.
 *
 * <p>Used by {@link com.partnercredit.localstack.SnapStartRuntime}.
 */
public final class Core {
  private static final GlobalContext GLOBAL = new GlobalContext();

  /** What happens between the checkpoint and the restore (the runtime waits for the test there). */
  public static volatile Runnable betweenCheckpointAndRestore = () -> {};

  private Core() {}

  public static Context<Resource> getGlobalContext() {
    return GLOBAL;
  }

  /** How many resources are registered. */
  public static int registered() {
    return GLOBAL.resources().size();
  }

  public static void checkpointRestore() throws CheckpointException, RestoreException {
    List<Resource> resources = GLOBAL.resources();
    List<Resource> lastFirst = new ArrayList<>(resources);
    Collections.reverse(lastFirst);
    List<Exception> failed = each(lastFirst, resource -> resource.beforeCheckpoint(GLOBAL));
    if (!failed.isEmpty()) {
      CheckpointException refused = new CheckpointException();
      failed.forEach(refused::addSuppressed);
      throw refused;
    }
    betweenCheckpointAndRestore.run();
    failed = each(resources, resource -> resource.afterRestore(GLOBAL));
    if (!failed.isEmpty()) {
      RestoreException restore = new RestoreException();
      failed.forEach(restore::addSuppressed);
      throw restore;
    }
  }

  /** A hook of a resource. */
  @FunctionalInterface
  private interface Hook {
    void call(Resource resource) throws Exception;
  }

  /** Calls {@code hook} on every resource, in order, and answers what failed. */
  private static List<Exception> each(List<Resource> resources, Hook hook) {
    List<Exception> failed = new ArrayList<>();
    for (Resource resource : resources) {
      try {
        hook.call(resource);
      } catch (Exception e) {
        failed.add(e);
      }
    }
    return failed;
  }

  /** The global context: resources in the order they were registered, held strongly (this is a test). */
  private static final class GlobalContext extends Context<Resource> {
    private final List<Resource> resources = new ArrayList<>();

    @Override
    public synchronized void register(Resource resource) {
      resources.add(resource);
    }

    synchronized List<Resource> resources() {
      return List.copyOf(resources);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
      throw new UnsupportedOperationException("the global context is not itself checkpointed");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      throw new UnsupportedOperationException("the global context is not itself restored");
    }
  }
}
