package com.partnercredit.localstack.crac;

/** One or more {@code afterRestore} hooks failed. */
public class RestoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public RestoreException() {}
}
