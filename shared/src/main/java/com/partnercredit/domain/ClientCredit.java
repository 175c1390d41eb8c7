package com.partnercredit.domain;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

/**
 * One partner's managed credit for one client at {@code asOf}: a row of the Points Breakdown
 * (docs/api.md section 4).
 *
 * @param mrr the client's MRR in force (section 7)
 * @param managedCredit this partner's share of the MRR; zero when not servicing
 * @param managedPoints exact; {@code managedPoints.rounded()} is the displayed value
 * @param servicingPartners how many partners service the client at {@code asOf}
 * @param creditUntil latest counted activity + 60 days (since the relationship last started), or null
 *     when nothing counted
 * @param reason human-readable explanation of {@code status}
 * @param employees employees whose unexpired counted activity carries the credit, by employeeId
 */
public record ClientCredit(
    long clientId, String name, Currency currency, Money mrr, Money managedCredit,
    Points managedPoints, int servicingPartners, CreditStatus status, Instant creditUntil,
    String reason, List<EmployeeCredit> employees) {

  public ClientCredit {
    employees = List.copyOf(employees);
  }

  public boolean serviced() {
    return status == CreditStatus.SERVICED || status == CreditStatus.NO_CONVERSION_RATE;
  }
}
