package com.partnercredit.localstack;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/** The Lambda {@link Context} of one local invocation; the logger writes to stderr. */
public final class LocalContext implements Context {

  private static final LambdaLogger STDERR = new LambdaLogger() {
    @Override
    public void log(String message) {
      System.err.println(message);
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }
  };

  private final String requestId;
  private final String functionName;
  private final int memoryMb;
  private final long deadlineMillis;

  public LocalContext(String requestId, String functionName, int timeoutSeconds, int memoryMb) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.memoryMb = memoryMb;
    this.deadlineMillis = System.currentTimeMillis() + timeoutSeconds * 1000L;
  }

  @Override public String getAwsRequestId() { return requestId; }
  @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
  @Override public String getLogStreamName() { return "local"; }
  @Override public String getFunctionName() { return functionName; }
  @Override public String getFunctionVersion() { return "$LATEST"; }
  @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName; }
  @Override public CognitoIdentity getIdentity() { return null; }
  @Override public ClientContext getClientContext() { return null; }
  @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadlineMillis - System.currentTimeMillis()); }
  @Override public int getMemoryLimitInMB() { return memoryMb; }
  @Override public LambdaLogger getLogger() { return STDERR; }
}
