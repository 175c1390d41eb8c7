package com.partnercredit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateTest {

  @Test
  void shortIntrinsicTagsReadAsTheirLongForm() {
    Template t = Template.parse("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Environment:
                Variables:
                  PLAIN: hello
                  TABLE: !Ref CreditTable
                  ARN: !GetAtt CreditTable.Arn
                  URL: !Sub 'https://${HttpApi}.example.com'
                  PICK: !If [IsProd, a, b]
                  JOINED: !Join
                    - ','
                    - [x, y]
                  MAPPED: !FindInMap {MapName: M, Key: K}
        """);

    Map<String, Object> vars = Template.map(
        Template.map(Template.map(t.resources().get("Fn").get("Properties"), "p").get("Environment"), "e")
            .get("Variables"), "v");

    assertEquals("hello", vars.get("PLAIN"));
    assertEquals(Map.of("Ref", "CreditTable"), vars.get("TABLE"));
    assertEquals(Map.of("Fn::GetAtt", List.of("CreditTable", "Arn")), vars.get("ARN"));
    assertEquals(Map.of("Fn::Sub", "https://${HttpApi}.example.com"), vars.get("URL"));
    assertEquals(Map.of("Fn::If", List.of("IsProd", "a", "b")), vars.get("PICK"));
    assertEquals(Map.of("Fn::Join", List.of(",", List.of("x", "y"))), vars.get("JOINED"));
    assertEquals(Map.of("Fn::FindInMap", Map.of("MapName", "M", "Key", "K")), vars.get("MAPPED"));
    assertTrue(Template.isIntrinsic(vars.get("TABLE")));
    assertTrue(Template.isIntrinsic(vars.get("JOINED")));
    assertFalse(Template.isIntrinsic(vars.get("PLAIN")));
  }

  @Test
  void theRepositoryTemplateParsesAndHasOneTable() {
    Template t = Template.locate();

    assertEquals("template.yaml", t.path().getFileName().toString());
    assertEquals(1, t.resourcesOfType("AWS::DynamoDB::Table").size());
    assertFalse(t.resourcesOfType("AWS::Serverless::Function").isEmpty());
  }

  @Test
  void locatesTheTemplateNextToTheParentPomOnly(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("pom.xml"), "<project><packaging>pom</packaging></project>");
    Files.writeString(root.resolve("template.yaml"), "Resources: {}");
    Path module = Files.createDirectories(root.resolve("dev/test-support"));
    Files.writeString(module.resolve("pom.xml"), "<project><packaging>jar</packaging></project>");
    Files.writeString(module.resolve("template.yaml"), "Resources: {}"); // a decoy next to a module pom

    assertEquals(root.resolve("template.yaml"), Template.locateFile(module.resolve("src")));
  }

  @Test
  void noTemplateAboveIsAClearError(@TempDir Path dir) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Template.locateFile(dir));

    assertTrue(e.getMessage().contains("template.yaml"), e.getMessage());
  }
}
