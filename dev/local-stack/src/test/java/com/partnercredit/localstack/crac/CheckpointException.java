package com.partnercredit.localstack.crac;

/** One or more {@code beforeCheckpoint} hooks failed: the checkpoint is refused. */
public class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  public CheckpointException() {}
}
