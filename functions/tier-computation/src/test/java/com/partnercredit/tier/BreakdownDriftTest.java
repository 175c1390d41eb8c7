package com.partnercredit.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.PartnerFigures;
import com.partnercredit.domain.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drift check's comparison: which fields differ, by name, with each client's row by its id; no values. */
class BreakdownDriftTest {
  private static final long PARTNER = 111;
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  /** Partner 111 (alice) on clients 222 and 333, each with a counted activity; {@code more} adds to it. */
  private static Optional<PartnerBreakdown> breakdown(boolean activityOn333, String mrrOf222) {
    Instant start = NOW.minus(Duration.ofDays(20));
    Scenario world = Scenario.numbered(0)
        .partner(PARTNER, "agency.com", start)
        .employeeAdded(PARTNER, 1, "alice@agency.com", start)
        .client(222, "USD", mrrOf222, start)
        .userAdded(222, 7, "alice@agency.com", start)
        .client(333, "USD", "500.00", start)
        .userAdded(333, 8, "alice@agency.com", start)
        .activity(222, 7, NOW.minus(Duration.ofDays(2)));
    if (activityOn333) {
      world.activity(333, 8, NOW.minus(Duration.ofDays(1)));
    }
    return Scenario.ENGINE.evaluate(world.facts(), NOW).partner(PARTNER);
  }

  @Test
  void everyFieldIsCompared() {
    List<String> partner = new ArrayList<>();
    for (java.lang.reflect.RecordComponent field : PartnerBreakdown.class.getRecordComponents()) {
      partner.add(field.getName());
    }
    partner.remove("clients"); // compared row by row
    assertEquals(partner, List.copyOf(BreakdownDrift.PARTNER_FIELDS.keySet()));
    List<String> client = new ArrayList<>();
    for (java.lang.reflect.RecordComponent field : com.partnercredit.domain.ClientCredit.class.getRecordComponents()) {
      client.add(field.getName());
    }
    assertEquals(client, List.copyOf(BreakdownDrift.CLIENT_FIELDS.keySet()));
  }

  @Test
  void aStandingsFiguresAreComparedByFieldAndAMissingOneByPresence() {
    Optional<PartnerFigures> same = breakdown(true, "1000.00").map(PartnerFigures::of);
    Optional<PartnerFigures> less = breakdown(false, "1000.00").map(PartnerFigures::of);

    assertEquals(List.of(), BreakdownDrift.standingDifferences(same, breakdown(true, "1000.00")));
    assertEquals(List.of("standing.nextTier", "standing.points", "standing.clientsServiced"),
        BreakdownDrift.standingDifferences(less, breakdown(true, "1000.00")));
    assertEquals(List.of("standing"), BreakdownDrift.standingDifferences(Optional.empty(), breakdown(true, "1000.00")));
  }

  @Test
  void equalAnswersHaveNoDifference() {
    assertEquals(List.of(), BreakdownDrift.differences(breakdown(true, "1000.00"), breakdown(true, "1000.00")));
    assertEquals(List.of(), BreakdownDrift.differences(Optional.empty(), Optional.empty()));
  }

  @Test
  void aClientsRowIsNamedByItsIdAndField() {
    List<String> fields = BreakdownDrift.differences(breakdown(false, "1000.00"), breakdown(true, "1000.00"));
    assertTrue(fields.contains("clients[333].status"), fields.toString());
    assertTrue(fields.contains("clients[333].creditUntil"), fields.toString());
    assertTrue(fields.contains("points"), fields.toString());
    assertFalse(fields.stream().anyMatch(f -> f.startsWith("clients[222]")), fields.toString());
    assertFalse(fields.stream().anyMatch(f -> f.contains("@")), "names only, never an email: " + fields);

    List<String> mrr = BreakdownDrift.differences(breakdown(true, "2000.00"), breakdown(true, "1000.00"));
    assertTrue(mrr.contains("clients[222].mrr") && mrr.contains("clients[222].managedCredit"), mrr.toString());
    assertFalse(mrr.stream().anyMatch(f -> f.startsWith("clients[333]")), mrr.toString());
  }

  @Test
  void aMissingRowOrPartnerAndAnotherOrderAreDifferences() {
    PartnerBreakdown both = breakdown(true, "1000.00").orElseThrow();
    List<com.partnercredit.domain.ClientCredit> one = both.clients().subList(0, 1);
    PartnerBreakdown fewer = new PartnerBreakdown(both.partnerId(), both.name(), both.growthMarket(), both.asOf(),
        both.tier(), both.nextTier(), both.tierThresholdsAreExamples(), both.points(), both.qualifyingActivities(),
        one, both.soldDeals(), both.projection());
    assertEquals(List.of("clients[" + both.clients().get(1).clientId() + "]"),
        BreakdownDrift.differences(Optional.of(both), Optional.of(fewer)));
    assertEquals(List.of("clients[" + both.clients().get(1).clientId() + "]"),
        BreakdownDrift.differences(Optional.of(fewer), Optional.of(both)));

    List<com.partnercredit.domain.ClientCredit> reversed = new ArrayList<>(both.clients());
    Collections.reverse(reversed);
    PartnerBreakdown otherOrder = new PartnerBreakdown(both.partnerId(), both.name(), both.growthMarket(),
        both.asOf(), both.tier(), both.nextTier(), both.tierThresholdsAreExamples(), both.points(),
        both.qualifyingActivities(), reversed, both.soldDeals(), both.projection());
    assertEquals(List.of("clients"), BreakdownDrift.differences(Optional.of(otherOrder), Optional.of(both)));

    assertEquals(List.of(BreakdownDrift.PRESENCE), BreakdownDrift.differences(Optional.empty(), Optional.of(both)));
  }
}
