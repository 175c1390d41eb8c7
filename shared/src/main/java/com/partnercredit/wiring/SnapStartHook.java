package com.partnercredit.wiring;

import com.partnercredit.log.Log;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's SnapStart hook: before Lambda snapshots the initialized function (once per published
 * version), it primes the function's own request path ({@link #prime}) and logs what it did; after
 * a restore it renews what the snapshot froze ({@link #restored}: the webhook functions read their
 * secret again; priming opens no connection to renew). Each handler extends
 * it and calls {@link #register} from its public no-argument constructor, the one Lambda calls; the
 * handler object, held by the runtime, keeps the registration alive (the global context holds its
 * resources weakly).
 */
public abstract class SnapStartHook implements Resource {

  /** Primes the request path; the result is logged ({@code Priming.Report}, or the function's own summary). */
  protected abstract Object prime();

  /** Registers this hook with the JVM's global context. */
  protected final void register() {
    Core.getGlobalContext().register(this);
  }

  @Override
  public final void beforeCheckpoint(Context<? extends Resource> context) {
    Log.info("SnapStart priming: " + prime());
  }

  /** What to renew after a restore; nothing by default. Must not throw: a failure is logged and kept. */
  protected void restored() {}

  @Override
  public final void afterRestore(Context<? extends Resource> context) {
    restored();
  }
}
