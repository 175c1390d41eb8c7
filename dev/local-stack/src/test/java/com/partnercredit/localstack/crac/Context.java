package com.partnercredit.localstack.crac;

/** A CRaC context: a resource that holds others. */
public abstract class Context<R extends Resource> implements Resource {
  protected Context() {}

  public abstract void register(R resource);
}
