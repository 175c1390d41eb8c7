package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.jr.ob.JSON;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.PartnerFigures;
import com.partnercredit.domain.PartnerStanding;
import com.partnercredit.store.ReadModelStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * The Points Breakdown through the stack's route, with an admin's token: the default answer (the
 * read model) and {@code ?source=live} (the stored facts), compared field for field.
 */
final class Breakdowns {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration CATCH_UP = Duration.ofSeconds(60);
  /** Later instants a standing is compared at, besides the time of the answer. */
  private static final int STANDING_INSTANTS = 10;

  private final URI baseUrl;

  Breakdowns(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  Map<String, Object> get(long partnerId, String query) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            baseUrl.resolve("/partners/" + partnerId + "/points" + query))
        .header("Authorization", "Bearer " + DemoSeed.unsignedToken(Map.of("scope", "points:admin")))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), partnerId + query + ": " + response.body());
    return JSON.std.mapFrom(response.body());
  }

  /** Waits until the default breakdown says the read model reflects every fact answered before {@code last}. */
  Map<String, Object> awaitChangesUntil(long partnerId, Instant last) throws Exception {
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    while (true) {
      Map<String, Object> answer = get(partnerId, "");
      if ("readModel".equals(answer.get("source"))
          && !Instant.parse((String) answer.get("changesUntil")).isBefore(last)) {
        return answer;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the read model did not catch up with " + last + " within " + CATCH_UP + ": " + answer);
      }
      Thread.sleep(50);
    }
  }

  /**
   * The instants to compare at: the horizon (a minute inside it), now, the projection's days, each
   * client's creditUntil and the millisecond either side (those within the horizon), then random
   * ones within it until there are {@code atLeast}.
   */
  @SuppressWarnings("unchecked")
  List<Instant> instants(List<Long> partners, Instant now, int atLeast, Random random) throws Exception {
    Instant horizon = now.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(1));
    TreeSet<Instant> instants = new TreeSet<>(List.of(horizon, now, now.plus(Duration.ofDays(30)),
        now.plus(Duration.ofDays(60)), now.plus(Duration.ofDays(90))));
    for (long partner : partners) {
      Map<String, Object> live = get(partner, "?source=live&asOf=" + now);
      for (Map<String, Object> client : (List<Map<String, Object>>) live.get("clients")) {
        if (client.get("creditUntil") instanceof String until) {
          Instant t = Instant.parse(until);
          for (Instant i : List.of(t.minusMillis(1), t, t.plusMillis(1))) {
            if (i.isAfter(horizon)) {
              instants.add(i);
            }
          }
        }
      }
    }
    long span = Duration.between(horizon, now.plus(Duration.ofDays(90))).toMillis();
    while (instants.size() < atLeast) {
      instants.add(horizon.plusMillis(random.nextLong(span)));
    }
    return new ArrayList<>(instants);
  }

  /** Compares each partner's default answer with the live one at each instant; returns how many compared. */
  int compare(List<Long> partners, List<Instant> instants, String context) throws Exception {
    int compared = 0;
    for (long partner : partners) {
      for (Instant asOf : instants) {
        Map<String, Object> fromReadModel = get(partner, "?asOf=" + asOf);
        Map<String, Object> live = get(partner, "?source=live&asOf=" + asOf);
        assertEquals("readModel", fromReadModel.get("source"), context);
        assertEquals("live", live.get("source"), context);
        assertEquals(withoutSource(live), withoutSource(fromReadModel),
            context + ", partner " + partner + ", as of " + asOf);
        compared++;
      }
    }
    return compared;
  }

  /**
   * Compares each partner's standing, as the stream's consumer wrote it, with the live answer at the
   * time of the answer and at the first later instants: name, tier, next tier, points, clients serviced.
   */
  int compareStandings(List<Long> partners, List<Instant> instants, ReadModelStore store, CreditEngine engine,
      String context) throws Exception {
    int compared = 0;
    for (long partner : partners) {
      PartnerStanding standing = store.standing(partner).orElseThrow(() -> new AssertionError(
          context + ": no standing for partner " + partner));
      Instant answered = Instant.now();
      List<Instant> from = new ArrayList<>(List.of(answered));
      instants.stream().filter(t -> t.isAfter(answered)).limit(STANDING_INSTANTS).forEach(from::add);
      for (Instant asOf : from) {
        Map<String, Object> live = get(partner, "?source=live&asOf=" + asOf);
        PartnerFigures figures = engine.figures(standing, asOf).orElseThrow();
        assertEquals(figuresOf(live), figuresOf(figures), context + ", partner " + partner + "'s standing, as of " + asOf);
        compared++;
      }
    }
    return compared;
  }

  private static Map<String, Object> figuresOf(Map<String, Object> answer) {
    Map<String, Object> figures = new HashMap<>();
    for (String field : List.of("name", "tier", "nextTier", "points", "servicedClients")) {
      figures.put(field, answer.get(field));
    }
    return figures;
  }

  /** The standing's figures as the route's JSON says them. */
  private static Map<String, Object> figuresOf(PartnerFigures f) {
    Map<String, Object> figures = new HashMap<>();
    figures.put("name", f.name());
    figures.put("tier", f.tier().name());
    Map<String, Object> next = null;
    if (f.nextTier() != null) {
      next = new LinkedHashMap<>();
      next.put("tier", f.nextTier().tier().name());
      next.put("pointsNeeded", f.nextTier().pointsNeeded().toString());
      next.put("soldPointsNeeded", f.nextTier().soldPointsNeeded().toString());
      next.put("managedPointsNeeded", f.nextTier().managedPointsNeeded().toString());
      next.put("qualifyingActivitiesNeeded", Math.toIntExact(f.nextTier().qualifyingActivitiesNeeded()));
    }
    figures.put("nextTier", next);
    figures.put("points", Map.of("managed", f.points().managed().toString(), "sold", f.points().sold().toString(),
        "total", f.points().total().toString()));
    figures.put("servicedClients", f.clientsServiced());
    return figures;
  }

  private static Map<String, Object> withoutSource(Map<String, Object> answer) {
    Map<String, Object> copy = new LinkedHashMap<>(answer);
    copy.remove("source");
    copy.remove("changesUntil");
    return copy;
  }
}
