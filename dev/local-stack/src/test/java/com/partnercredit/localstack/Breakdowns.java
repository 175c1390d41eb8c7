package com.partnercredit.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  private static Map<String, Object> withoutSource(Map<String, Object> answer) {
    Map<String, Object> copy = new LinkedHashMap<>(answer);
    copy.remove("source");
    copy.remove("changesUntil");
    return copy;
  }
}
