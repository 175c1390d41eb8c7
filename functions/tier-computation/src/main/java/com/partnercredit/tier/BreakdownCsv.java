package com.partnercredit.tier;

import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.EmployeeCredit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The client rows of the Points Breakdown as RFC 4180 CSV: a header row with the JSON client
 * fields' names in the contract's order, CRLF line ends, and a value quoted (its quotes doubled)
 * when it holds a comma, a quote or a line break. {@code employees} are the emails joined by
 * {@code ;}; a missing {@code creditUntil} is empty.
 *
 * <p>A cell a spreadsheet would run as a formula (it starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return: a client's name is whatever HubSpot was told) is written
 * with a leading {@code '} (docs/api.md section 4). Amounts are never negative, so no number
 * is changed by this.
 */
final class BreakdownCsv {
  static final List<String> COLUMNS = List.of("clientId", "name", "currency", "mrr", "managedCredit",
      "managedPoints", "servicingPartners", "status", "creditUntil", "reason", "employees");

  private BreakdownCsv() {}

  static String of(List<ClientCredit> clients) {
    StringBuilder csv = new StringBuilder();
    row(csv, COLUMNS);
    for (ClientCredit c : clients) {
      row(csv, List.of(
          Long.toString(c.clientId()),
          c.name(),
          c.currency().getCurrencyCode(),
          c.mrr().toString(),
          c.managedCredit().toString(),
          c.managedPoints().toString(),
          Integer.toString(c.servicingPartners()),
          c.status().name(),
          c.creditUntil() == null ? "" : c.creditUntil().toString(),
          c.reason(),
          c.employees().stream().map(EmployeeCredit::email).collect(Collectors.joining(";"))));
    }
    return csv.toString();
  }

  static void row(StringBuilder csv, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(field(values.get(i)));
    }
    csv.append("\r\n");
  }

  static String field(String value) {
    if (value == null) {
      return "";
    }
    if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
      value = "'" + value;
    }
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
