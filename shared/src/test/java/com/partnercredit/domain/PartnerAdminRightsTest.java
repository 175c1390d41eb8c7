package com.partnercredit.domain;

import static com.partnercredit.domain.Scenario.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A partner admin may reactivate or remove only its own partner's employees' users (docs/api.md
 * section 3), and the engine decides it on all facts known, so no partner can end another's credit
 * and the outcome never depends on arrival order.
 */
class PartnerAdminRightsTest {
  static final long P1 = 111;
  static final long P2 = 112;
  static final long C1 = 222;

  private static Scenario aliceServicesC1() {
    return new Scenario()
        .partner(P1, "agency.com")
        .partner(P2, "other.com")
        .client(C1, "USD", "1000.00", d(0))
        .employeeAdded(P1, 901, "alice@agency.com", d(0))
        .employeeAdded(P2, 801, "eve@other.com", d(0))
        .userAdded(C1, 555, "alice@agency.com", d(1))
        .userAdded(C1, 666, "eve@other.com", d(1))
        .activity(C1, 555, d(2));
  }

  @Test
  void anotherPartnersAdminCannotEndTheRelationshipByRemovingItsEmployeesUser() {
    Scenario s = aliceServicesC1().add(new ClientUserRemoved("rm", d(10), C1, 555, OptionalLong.of(P2)));

    ClientCredit atD11 = s.credit(P1, C1, d(11));
    assertEquals(CreditStatus.SERVICED, atD11.status());
    assertEquals("1000.00", atD11.managedCredit().toString());
    assertTrue(atD11.reason().contains("CLIENT_USER_REMOVED rm at " + d(10) + " was ignored"), atD11.reason());
  }

  @Test
  void theOwnPartnersAdminEndsTheRelationshipByRemovingItsEmployeesUser() {
    Scenario s = aliceServicesC1().add(new ClientUserRemoved("rm", d(10), C1, 555, OptionalLong.of(P1)));

    assertEquals(CreditStatus.ENDED, s.credit(P1, C1, d(11)).status());
  }

  @Test
  void aReactivationCountsOnlyForTheOwnPartnersAdmin() {
    Scenario own = aliceServicesC1().userDeactivated(C1, 555, d(10))
        .add(new ClientUserReactivated("re", d(30), C1, 555, OptionalLong.of(P1)))
        .activity(C1, 555, d(31));
    Scenario other = aliceServicesC1().userDeactivated(C1, 555, d(10))
        .add(new ClientUserReactivated("re", d(30), C1, 555, OptionalLong.of(P2)))
        .activity(C1, 555, d(31));

    assertEquals(d(91), own.credit(P1, C1, d(40)).creditUntil());
    assertEquals(d(62), other.credit(P1, C1, d(40)).creditUntil());
    assertTrue(other.credit(P1, C1, d(40)).reason().contains("CLIENT_USER_REACTIVATED re at " + d(30) + " was ignored"));
  }

  @Test
  void theRightIsDecidedOnAllFactsWhateverTheirOrder() {
    Scenario s = aliceServicesC1().userDeactivated(C1, 555, d(10))
        .add(new ClientUserReactivated("re", d(30), C1, 555, OptionalLong.of(P1)))
        .activity(C1, 555, d(31))
        .add(new ClientUserRemoved("rm", d(40), C1, 555, OptionalLong.of(P2)));
    ClientCredit expected = s.credit(P1, C1, d(50));
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      List<Fact> shuffled = new ArrayList<>(s.facts());
      Collections.shuffle(shuffled, random);
      ClientCredit actual = Scenario.ENGINE.evaluate(shuffled, d(50)).partner(P1).orElseThrow().clients().get(0);
      assertEquals(expected, actual);
    }
  }
}
