package com.partnercredit.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the dashboard page signs its user in, as {@code dashboard/config.json} tells the page:
 *
 * <ul>
 *   <li>{@code pkce} (deployed): OAuth 2.0 authorization code with PKCE against the API's JWT issuer
 *       ({@code JWT_ISSUER}) as the public client {@code DASHBOARD_CLIENT_ID}, asking for
 *       {@code DASHBOARD_SCOPES} (default {@code openid}); the token then goes to the routes the
 *       HTTP API's JWT authorizer verifies. The token endpoint is the discovery document's, on the
 *       issuer's origin or on {@code DASHBOARD_TOKEN_ENDPOINT}'s (Cognito's is on its domain);
 *   <li>{@code dev} (the local stack, {@code DASHBOARD_SIGN_IN=dev}): the page mints an unsigned
 *       token for a partner (or an admin) it is told, which only the local stack accepts, as it
 *       decodes claims without verifying them; {@code DASHBOARD_DEV_PARTNERS}
 *       ({@code 111=Demo Agency;112=Northwind Partners}) are offered;
 *   <li>{@code none}: neither is configured; the page says which parameter is missing.
 * </ul>
 *
 * <p>PKCE wins when it is configured: an unsigned token never passes the deployed authorizer anyway.
 */
public record SignIn(
    String mode, String issuer, String clientId, String scope, String tokenEndpoint, List<DevPartner> devPartners) {
  public static final String PKCE = "pkce";
  public static final String DEV = "dev";
  public static final String NONE = "none";

  public static final String JWT_ISSUER = "JWT_ISSUER";
  public static final String DASHBOARD_CLIENT_ID = "DASHBOARD_CLIENT_ID";
  public static final String DASHBOARD_SCOPES = "DASHBOARD_SCOPES";
  public static final String DASHBOARD_TOKEN_ENDPOINT = "DASHBOARD_TOKEN_ENDPOINT";
  public static final String DASHBOARD_SIGN_IN = "DASHBOARD_SIGN_IN";
  public static final String DASHBOARD_DEV_PARTNERS = "DASHBOARD_DEV_PARTNERS";

  /** A partner the dev sign-in offers. */
  public record DevPartner(long partnerId, String name) {}

  public SignIn {
    devPartners = List.copyOf(devPartners);
  }

  /** From settings looked up by name (the environment, then system properties, at the edge). */
  public static SignIn from(Function<String, String> lookup) {
    Function<String, Optional<String>> get =
        name -> Optional.ofNullable(lookup.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    Optional<String> issuer = get.apply(JWT_ISSUER);
    Optional<String> clientId = get.apply(DASHBOARD_CLIENT_ID);
    String scope = get.apply(DASHBOARD_SCOPES).orElse("openid");
    List<DevPartner> partners = devPartners(get.apply(DASHBOARD_DEV_PARTNERS).orElse(""));
    if (issuer.isPresent() && clientId.isPresent()) {
      return new SignIn(PKCE, withoutTrailingSlash(issuer.get()), clientId.get(), scope,
          get.apply(DASHBOARD_TOKEN_ENDPOINT).orElse(null), List.of());
    }
    if (get.apply(DASHBOARD_SIGN_IN).filter(DEV::equalsIgnoreCase).isPresent()) {
      return new SignIn(DEV, null, null, scope, null, partners);
    }
    return new SignIn(NONE, issuer.map(SignIn::withoutTrailingSlash).orElse(null), null, scope, null, List.of());
  }

  /** {@code 111=Demo Agency;112=Northwind Partners}: malformed entries are left out. */
  static List<DevPartner> devPartners(String raw) {
    List<DevPartner> partners = new ArrayList<>();
    for (String entry : raw.split(";")) {
      int eq = entry.indexOf('=');
      String id = (eq < 0 ? entry : entry.substring(0, eq)).trim();
      try {
        partners.add(new DevPartner(Long.parseLong(id), eq < 0 ? "" : entry.substring(eq + 1).trim()));
      } catch (NumberFormatException notAnId) {
        // left out
      }
    }
    return partners;
  }

  /** {@code scheme://host[:port]} of a URL. */
  static String origin(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** What {@code dashboard/config.json} answers. */
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("signIn", mode);
    json.put("issuer", issuer);
    json.put("clientId", clientId);
    json.put("scope", scope);
    json.put("tokenEndpoint", tokenEndpoint);
    List<Map<String, Object>> partners = new ArrayList<>();
    for (DevPartner p : devPartners) {
      Map<String, Object> partner = new LinkedHashMap<>();
      partner.put("partnerId", p.partnerId());
      partner.put("name", p.name());
      partners.add(partner);
    }
    json.put("devPartners", partners);
    return json;
  }

  /**
   * The page's Content-Security-Policy: its own scripts, styles and API only; with PKCE also the
   * origins of the issuer (its discovery document) and of its token endpoint, when that is
   * configured on another origin ({@code DASHBOARD_TOKEN_ENDPOINT}; Cognito's is on the user pool's
   * domain, not the issuer's host). No other origin: a script injected into the page can send
   * nothing elsewhere.
   */
  public String contentSecurityPolicy() {
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src " + String.join(" ", connectSources()) + "; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'";
  }

  /** Where the page may send requests: itself, and with PKCE the issuer's and token endpoint's origins. */
  List<String> connectSources() {
    List<String> sources = new ArrayList<>(List.of("'self'"));
    if (PKCE.equals(mode)) {
      sources.add(origin(issuer));
      if (tokenEndpoint != null && !sources.contains(origin(tokenEndpoint))) {
        sources.add(origin(tokenEndpoint));
      }
    }
    return sources;
  }
}
