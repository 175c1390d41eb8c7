package com.partnercredit.localstack;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in for the admin routes {@code GET /partners} and {@code GET /partners/tiers} while the
 * stack has none (they are built on another branch). Each answer is made from what the stack's
 * real routes say: every listed partner's {@code GET /partners/{id}/points} and {@code /history},
 * asked with the caller's token. The browser test installs it only when {@code GET /partners}
 * answers the stack's own "no such route" 404; delete this class once the real routes are in.
 */
final class ProgramRoutesFake {
  private static final List<String> TIERS = List.of("PROVIDER", "GOLD", "PLATINUM", "DIAMOND", "ELITE");
  private static final JSON OUT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
  private final URI base;
  private final List<Long> partnerIds;
  private final HttpClient http = HttpClient.newHttpClient();

  ProgramRoutesFake(URI base, List<Long> partnerIds) {
    this.base = base;
    this.partnerIds = List.copyOf(partnerIds);
  }

  /** True when the stack has no {@code GET /partners}: its 404 for a path no route matches. */
  static boolean stackLacksTheRoutes(URI base, String adminToken) throws IOException, InterruptedException {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/partners"))
        .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    return answer.statusCode() == 404 && answer.body().equals("{\"message\":\"Not Found\"}");
  }

  void install(LocalStack stack) {
    stack.addRoute("GET", "/partners", this::list);
    stack.addRoute("GET", "/partners/tiers", this::tiers);
  }

  private HttpApiResponse list(HttpApiEvent.Request request, RouteTable.Match<LocalStack.Endpoint> match)
      throws Exception {
    if (!isAdmin(request)) {
      return HttpApiResponse.json(403, "{\"message\":\"points:admin only\"}");
    }
    Map<String, List<String>> query = query(request.rawQueryString());
    String search = first(query, "search", "").toLowerCase(Locale.ROOT);
    List<String> tiers = query.getOrDefault("tier", List.of());
    String sort = first(query, "sort", "-total");
    int limit = Integer.parseInt(first(query, "limit", "50"));
    int offset = Integer.parseInt(first(query, "cursor", "0"));
    String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    List<Map<String, Object>> rows = new ArrayList<>();
    String changesUntil = null;
    for (long id : partnerIds) {
      Map<String, Object> b = get("/partners/" + id + "/points", request);
      String name = (String) b.get("name");
      if (!search.isEmpty() && !Long.toString(id).contains(search)
          && (name == null || !name.toLowerCase(Locale.ROOT).contains(search))) {
        continue;
      }
      if (!tiers.isEmpty() && !tiers.contains((String) b.get("tier"))) {
        continue;
      }
      Map<?, ?> points = (Map<?, ?>) b.get("points");
      Map<?, ?> next = (Map<?, ?>) b.get("nextTier");
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("partnerId", id);
      row.put("name", name);
      row.put("tier", b.get("tier"));
      row.put("points", Map.of("managed", points.get("managed"), "sold", points.get("sold"), "total", points.get("total")));
      row.put("nextTier", next == null ? null : Map.of("tier", next.get("tier"), "pointsNeeded", next.get("pointsNeeded")));
      row.put("clientsServiced", b.get("servicedClients"));
      List<?> days = (List<?>) get("/partners/" + id + "/history?from=" + yesterday + "&to=" + yesterday, request).get("days");
      if (days.isEmpty()) {
        row.put("change", null);
      } else {
        Map<?, ?> before = (Map<?, ?>) days.get(0);
        BigDecimal was = new BigDecimal((String) ((Map<?, ?>) before.get("points")).get("total"));
        row.put("change", Map.of("total", new BigDecimal((String) points.get("total")).subtract(was).toPlainString(),
            "tier", before.get("tier")));
      }
      rows.add(row);
      String until = (String) b.get("changesUntil");
      changesUntil = changesUntil == null || (until != null && until.compareTo(changesUntil) < 0) ? until : changesUntil;
    }
    rows.sort(order(sort));
    List<Map<String, Object>> page = rows.subList(Math.min(offset, rows.size()), Math.min(offset + limit, rows.size()));
    if ("csv".equals(first(query, "format", ""))) {
      return csv(rows);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("asOf", Instant.now().toString());
    answer.put("changesUntil", changesUntil);
    answer.put("partners", page);
    answer.put("nextCursor", offset + limit < rows.size() ? Integer.toString(offset + limit) : null);
    return HttpApiResponse.json(200, OUT.asString(answer));
  }

  private HttpApiResponse tiers(HttpApiEvent.Request request, RouteTable.Match<LocalStack.Endpoint> match)
      throws Exception {
    if (!isAdmin(request)) {
      return HttpApiResponse.json(403, "{\"message\":\"points:admin only\"}");
    }
    Map<String, List<String>> query = query(request.rawQueryString());
    LocalDate to = LocalDate.parse(first(query, "to", LocalDate.now(ZoneOffset.UTC).toString()));
    LocalDate from = LocalDate.parse(first(query, "from", to.minusDays(89).toString()));
    TreeMap<String, Map<String, Integer>> byDay = new TreeMap<>();
    for (long id : partnerIds) {
      for (Object d : (List<?>) get("/partners/" + id + "/history?from=" + from + "&to=" + to, request).get("days")) {
        Map<?, ?> day = (Map<?, ?>) d;
        Map<String, Integer> counts = byDay.computeIfAbsent((String) day.get("date"), k -> {
          Map<String, Integer> zero = new LinkedHashMap<>();
          TIERS.forEach(t -> zero.put(t, 0));
          return zero;
        });
        counts.merge((String) day.get("tier"), 1, Integer::sum);
      }
    }
    List<Map<String, Object>> days = new ArrayList<>();
    byDay.forEach((date, counts) -> days.add(Map.of("date", date, "partners", counts)));
    return HttpApiResponse.json(200, OUT.asString(Map.of("days", days)));
  }

  private static Comparator<Map<String, Object>> order(String sort) {
    Comparator<Map<String, Object>> byName = Comparator.comparing(r -> ((String) r.get("name")).toLowerCase(Locale.ROOT));
    Comparator<Map<String, Object>> byTotal = Comparator.comparing(
        r -> new BigDecimal((String) ((Map<?, ?>) r.get("points")).get("total")));
    return switch (sort) {
      case "-total" -> byTotal.reversed().thenComparing(byName);
      case "total" -> byTotal.thenComparing(byName);
      case "name" -> byName;
      case "pointsNeeded" -> Comparator.<Map<String, Object>, BigDecimal>comparing(r -> {
        Map<?, ?> next = (Map<?, ?>) r.get("nextTier");
        return next == null ? null : new BigDecimal((String) next.get("pointsNeeded"));
      }, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(byName);
      default -> throw new IllegalArgumentException("sort " + sort);
    };
  }

  private static HttpApiResponse csv(List<Map<String, Object>> rows) {
    StringBuilder out = new StringBuilder("partnerId,name,tier,total,nextTier,pointsNeeded,clientsServiced\r\n");
    for (Map<String, Object> r : rows) {
      Map<?, ?> next = (Map<?, ?>) r.get("nextTier");
      out.append(r.get("partnerId")).append(",\"").append(((String) r.get("name")).replace("\"", "\"\"")).append("\",")
          .append(r.get("tier")).append(',').append(((Map<?, ?>) r.get("points")).get("total")).append(',')
          .append(next == null ? "" : next.get("tier")).append(',').append(next == null ? "" : next.get("pointsNeeded"))
          .append(',').append(r.get("clientsServiced")).append("\r\n");
    }
    return new HttpApiResponse(200, Map.of("content-type", List.of("text/csv; charset=utf-8")),
        out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> get(String pathAndQuery, HttpApiEvent.Request request) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .header("Authorization", header(request, "authorization")).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException(pathAndQuery + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.std.mapFrom(answer.body());
  }

  private static boolean isAdmin(HttpApiEvent.Request request) throws IOException {
    String authorization = header(request, "authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    String[] parts = authorization.substring(7).split("\\.");
    Map<String, Object> claims = JSON.std.mapFrom(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    return List.of(String.valueOf(claims.getOrDefault("scope", "")).split(" ")).contains("points:admin");
  }

  private static String header(HttpApiEvent.Request request, String name) {
    return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().get(0)).findFirst().orElse(null);
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    return query;
  }

  private static String first(Map<String, List<String>> query, String name, String fallback) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }
}
