package com.partnercredit.tier;

import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.PartnerFigures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where two answers for one partner differ, field for field (the drift check, {@link DriftCheck}):
 * each of {@link PartnerBreakdown}'s fields by name, and each client's row by its id and field
 * ({@code clients[222].creditUntil}). Names only, never values: a value may hold an email (the
 * reasons, the employees). {@code source} and {@code changesUntil} are not part of a breakdown, so
 * they never differ here.
 */
final class BreakdownDrift {
  /** The name when one answer knows the partner and the other does not. */
  static final String PRESENCE = "breakdown";
  private static final String CLIENTS = "clients";

  /** Every field of a breakdown but its clients, which are compared row by row. */
  static final Map<String, Function<PartnerBreakdown, Object>> PARTNER_FIELDS = new LinkedHashMap<>();

  static {
    PARTNER_FIELDS.put("partnerId", PartnerBreakdown::partnerId);
    PARTNER_FIELDS.put("name", PartnerBreakdown::name);
    PARTNER_FIELDS.put("growthMarket", PartnerBreakdown::growthMarket);
    PARTNER_FIELDS.put("asOf", PartnerBreakdown::asOf);
    PARTNER_FIELDS.put("tier", PartnerBreakdown::tier);
    PARTNER_FIELDS.put("nextTier", PartnerBreakdown::nextTier);
    PARTNER_FIELDS.put("tierThresholdsAreExamples", PartnerBreakdown::tierThresholdsAreExamples);
    PARTNER_FIELDS.put("points", PartnerBreakdown::points);
    PARTNER_FIELDS.put("qualifyingActivities", PartnerBreakdown::qualifyingActivities);
    PARTNER_FIELDS.put("soldDeals", PartnerBreakdown::soldDeals);
    PARTNER_FIELDS.put("projection", PartnerBreakdown::projection);
  }

  /** Every field of a client's row. */
  static final Map<String, Function<ClientCredit, Object>> CLIENT_FIELDS = new LinkedHashMap<>();

  static {
    CLIENT_FIELDS.put("clientId", ClientCredit::clientId);
    CLIENT_FIELDS.put("name", ClientCredit::name);
    CLIENT_FIELDS.put("currency", ClientCredit::currency);
    CLIENT_FIELDS.put("mrr", ClientCredit::mrr);
    CLIENT_FIELDS.put("managedCredit", ClientCredit::managedCredit);
    CLIENT_FIELDS.put("managedPoints", ClientCredit::managedPoints);
    CLIENT_FIELDS.put("servicingPartners", ClientCredit::servicingPartners);
    CLIENT_FIELDS.put("status", ClientCredit::status);
    CLIENT_FIELDS.put("creditUntil", ClientCredit::creditUntil);
    CLIENT_FIELDS.put("reason", ClientCredit::reason);
    CLIENT_FIELDS.put("employees", ClientCredit::employees);
  }

  private BreakdownDrift() {}

  /** The fields in which {@code readModel} differs from {@code live}, in the records' order; empty when equal. */
  static List<String> differences(Optional<PartnerBreakdown> readModel, Optional<PartnerBreakdown> live) {
    if (readModel.isPresent() != live.isPresent()) {
      return List.of(PRESENCE);
    }
    if (readModel.isEmpty()) {
      return List.of();
    }
    List<String> fields = new ArrayList<>();
    PARTNER_FIELDS.forEach((name, field) -> {
      if (!Objects.equals(field.apply(readModel.get()), field.apply(live.get()))) {
        fields.add(name);
      }
    });
    clients(readModel.get().clients(), live.get().clients(), fields);
    return fields;
  }

  /** The name when a standing is missing, stale, or present for a partner the breakdown does not know. */
  static final String STANDING = "standing";

  /** The standing's figures against the breakdown's, by field ({@code standing.tier}); empty when equal. */
  static List<String> standingDifferences(Optional<PartnerFigures> standing, Optional<PartnerBreakdown> live) {
    Optional<PartnerFigures> expected = live.map(PartnerFigures::of);
    if (standing.isPresent() != expected.isPresent()) {
      return List.of(STANDING);
    }
    List<String> fields = new ArrayList<>();
    if (standing.isPresent()) {
      PartnerFigures a = standing.get();
      PartnerFigures b = expected.get();
      Map<String, Function<PartnerFigures, Object>> figures = new LinkedHashMap<>();
      figures.put("name", PartnerFigures::name);
      figures.put("tier", PartnerFigures::tier);
      figures.put("nextTier", PartnerFigures::nextTier);
      figures.put("points", PartnerFigures::points);
      figures.put("clientsServiced", PartnerFigures::clientsServiced);
      figures.forEach((name, field) -> {
        if (!Objects.equals(field.apply(a), field.apply(b))) {
          fields.add(STANDING + "." + name);
        }
      });
    }
    return fields;
  }

  private static void clients(List<ClientCredit> readModel, List<ClientCredit> live, List<String> fields) {
    int before = fields.size();
    Map<Long, ClientCredit> fromLive = new LinkedHashMap<>();
    live.forEach(client -> fromLive.put(client.clientId(), client));
    for (ClientCredit client : readModel) {
      ClientCredit other = fromLive.remove(client.clientId());
      String row = CLIENTS + "[" + client.clientId() + "]";
      if (other == null) {
        fields.add(row);
        continue;
      }
      CLIENT_FIELDS.forEach((name, field) -> {
        if (!Objects.equals(field.apply(client), field.apply(other))) {
          fields.add(row + "." + name);
        }
      });
    }
    fromLive.keySet().forEach(id -> fields.add(CLIENTS + "[" + id + "]"));
    if (fields.size() == before && !readModel.equals(live)) {
      fields.add(CLIENTS); // the same rows in another order
    }
  }
}
