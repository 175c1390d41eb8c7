package com.partnercredit.localstack.crac;

/** A CRaC resource, as {@code org.crac} finds it in this package ({@link Core}). */
public interface Resource {
  void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

  void afterRestore(Context<? extends Resource> context) throws Exception;
}
