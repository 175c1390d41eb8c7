package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.testsupport.Template;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateFunctionsTest {

  @Test
  void readsHandlerRoutesAndOnlyPlainEnvironmentValues() {
    Template template = Template.parse("""
        Globals:
          Function:
            Timeout: 29
            Environment:
              Variables:
                TABLE_NAME: !Ref Table
                JAVA_TOOL_OPTIONS: -Xshare:auto
                OVERRIDDEN: plain
        Resources:
          PointsFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: com.example.Points::handleRequest
              Environment:
                Variables:
                  SECRET_ARN: !Ref SecretArn
                  MODE: fast
                  OVERRIDDEN: !Sub '${AWS::Region}'
              Events:
                Get:
                  Type: HttpApi
                  Properties: {Path: '/partners/{partnerId}/points', Method: get}
                Schedule:
                  Type: Schedule
                  Properties: {Schedule: rate(1 day)}
                Catch:
                  Type: HttpApi
        """);

    TemplateFunctions.Function f = TemplateFunctions.read(template).get(0);

    assertEquals("PointsFunction", f.logicalId());
    assertEquals("com.example.Points::handleRequest", f.handler());
    assertEquals(List.of(new TemplateFunctions.HttpRoute("GET", "/partners/{partnerId}/points"),
        new TemplateFunctions.HttpRoute("ANY", "$default")), f.routes());
    assertEquals("-Xshare:auto", f.environment().get("JAVA_TOOL_OPTIONS"));
    assertEquals("fast", f.environment().get("MODE"));
    assertFalse(f.environment().containsKey("TABLE_NAME"));
    assertFalse(f.environment().containsKey("SECRET_ARN"));
    assertFalse(f.environment().containsKey("OVERRIDDEN"), "an intrinsic in the function hides the global value");
    assertEquals(29, f.timeoutSeconds());
  }

  @Test
  void theRepositoryTemplateServesTheWebhooks() {
    List<TemplateFunctions.Function> functions = TemplateFunctions.read(Template.locate());

    assertTrue(functions.stream().anyMatch(f -> f.routes().contains(
        new TemplateFunctions.HttpRoute("POST", "/webhooks/hubspot"))));
    assertTrue(functions.stream().anyMatch(f -> f.logicalId().equals("AssignmentChangesFunction")
        && f.handler().equals("com.partnercredit.assignments.AssignmentHandler::handleRequest")
        && f.routes().equals(List.of(new TemplateFunctions.HttpRoute("POST", "/webhooks/assignments")))));
  }
}
