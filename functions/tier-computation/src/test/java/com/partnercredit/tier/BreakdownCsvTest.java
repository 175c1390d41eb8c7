package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.PartnerBreakdown;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakdownCsvTest {
  private final PartnerBreakdown breakdown = Breakdowns.partner();

  private ClientCredit row(long clientId) {
    return breakdown.clients().stream().filter(c -> c.clientId() == clientId).findFirst().orElseThrow();
  }

  private static List<String> lines(String csv) {
    return List.of(csv.split("\r\n", -1));
  }

  @Test
  void theHeaderIsTheJsonClientFieldsInOrder() {
    String header = lines(BreakdownCsv.of(List.of())).get(0);

    assertEquals("clientId,name,currency,mrr,managedCredit,managedPoints,servicingPartners,status,creditUntil,"
        + "reason,employees", header);
    assertEquals(String.join(",", BreakdownJson.client(row(Breakdowns.ACME)).keySet()), header);
  }

  @Test
  void everyRowEndsWithCrLf() {
    String csv = BreakdownCsv.of(breakdown.clients());

    assertTrue(csv.endsWith("\r\n"));
    assertEquals(1 + breakdown.clients().size(), lines(csv).size() - 1, csv);
  }

  @Test
  void aClientsEmployeesAreItsEmailsJoinedBySemicolons() {
    String csv = BreakdownCsv.of(List.of(row(Breakdowns.ACME)));

    assertTrue(lines(csv).get(1).endsWith("," + Breakdowns.ALICE + ";" + Breakdowns.BOB), csv);
  }

  @Test
  void aRowHasTheClientsFiguresAsTheJsonShowsThem() {
    String csv = BreakdownCsv.of(List.of(row(Breakdowns.ACME)));

    assertTrue(lines(csv).get(1).startsWith(Breakdowns.ACME + ",\"Acme, \"\"the best\"\" Inc\",USD,1000.00,1000.00,10.00,1,SERVICED,"), csv);
  }

  @Test
  void aMissingCreditUntilIsEmpty() {
    ClientCredit idle = row(Breakdowns.IDLE);

    String line = lines(BreakdownCsv.of(List.of(idle))).get(1);

    assertEquals(null, idle.creditUntil());
    assertEquals("", line.split(",", -1)[8], line);
  }

  @Test
  void aValueWithACommaQuoteOrLineBreakIsQuotedWithItsQuotesDoubled() {
    assertEquals("\"a,b\"", BreakdownCsv.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", BreakdownCsv.field("say \"hi\""));
    assertEquals("\"line\nbreak\"", BreakdownCsv.field("line\nbreak"));
    assertEquals("\"cr\rhere\"", BreakdownCsv.field("cr\rhere"));
  }

  @Test
  void aPlainValueIsNotQuoted() {
    assertEquals("Acme Inc.", BreakdownCsv.field("Acme Inc."));
    assertEquals("", BreakdownCsv.field(null));
  }
}
