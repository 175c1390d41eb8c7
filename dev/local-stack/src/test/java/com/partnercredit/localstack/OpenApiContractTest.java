package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checks OpenApiIT relies on refuse what docs/openapi.yaml does not say: they are not vacuous. */
class OpenApiContractTest {
  private static final Map<String, String> JSON = Map.of("content-type", "application/json");
  private static final String POINTS = "/partners/{partnerId}/points";
  private static final String LIVE = "{\"partnerId\":111,\"asOf\":\"2026-11-28T10:00:00Z\",\"tier\":\"GOLD\",\"nextTier\":null,"
      + "\"points\":{\"managed\":\"10.00\",\"sold\":\"0.00\",\"total\":\"10.00\"},"
      + "\"qualifyingActivities\":{\"windowDays\":90,\"count\":1},\"clients\":[],\"projection\":[],\"source\":\"live\","
      + "\"changesUntil\":\"2026-11-28T10:00:00Z\","
      + "\"name\":\"Agency\",\"tierThresholdsAreExamples\":true,\"servicedClients\":0,\"soldDeals\":[]}";

  private static OpenApiContract contract;

  @BeforeAll
  static void load() throws Exception {
    contract = OpenApiContract.load();
  }

  private static List<String> points(int status, Map<String, String> headers, String body) {
    return contract.problems("GET", POINTS, status, headers, body);
  }

  @Test
  void aDocumentedAnswerHasNoProblems() {
    assertEquals(List.of(), points(200, JSON, LIVE));
    assertEquals(List.of(), points(404, JSON, "{\"message\":\"partner 1 is not known\"}"));
  }

  @Test
  void aMissingFieldAnUndocumentedFieldOrAWrongTypeIsAProblem() {
    assertTrue(points(200, JSON, LIVE.replace("\"tier\":\"GOLD\",", "")).toString().contains("tier"));
    assertTrue(points(200, JSON, LIVE.replace("\"soldDeals\":[]", "\"soldDeals\":[],\"surprise\":1")).toString()
        .contains("surprise"), "every field is documented");
    assertTrue(!points(200, JSON, LIVE.replace("\"partnerId\":111", "\"partnerId\":\"111\"")).isEmpty());
    assertTrue(!points(200, JSON, LIVE.replace("\"10.00\",\"sold\"", "\"10\",\"sold\"")).isEmpty(), "points have 2 decimals");
    assertTrue(!points(200, JSON, LIVE.replace("\"source\":\"live\"", "\"source\":\"cache\"")).isEmpty());
  }

  @Test
  void anUndocumentedStatusOrMediaTypeOrAMissingRequiredHeaderIsAProblem() {
    assertTrue(points(418, JSON, "{\"message\":\"teapot\"}").get(0).contains("not documented"));
    assertTrue(points(200, Map.of("content-type", "text/plain"), "x").get(0).contains("media type"));
    assertTrue(points(503, JSON, "{\"message\":\"busy\"}").get(0).contains("Retry-After"));
    assertEquals(List.of(), points(503, Map.of("content-type", "application/json", "retry-after", "1"),
        "{\"message\":\"busy\"}"));
  }

  @Test
  void csvIsCheckedAgainstItsHeaderRow() {
    Map<String, String> csv = Map.of("content-type", "text/csv; charset=utf-8");
    assertEquals(List.of(), points(200, csv, "clientId,name,currency,mrr,managedCredit,managedPoints,servicingPartners,"
        + "status,creditUntil,reason,employees\r\n"));
    assertEquals(1, points(200, csv, "id,name\r\n").size());
  }
}
