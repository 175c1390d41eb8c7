package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Arrays;
import java.util.Map;

/**
 * Who calls, from the JWT claims the HTTP API authorizer passes on (docs/api.md section 4): a
 * partner reads its own breakdown ({@code partner_id} claim), an admin ({@code scope} containing
 * {@code points:admin}) reads any.
 */
record Caller(String partnerId, String scope) {
  static final String PARTNER_ID_CLAIM = "partner_id";
  static final String SCOPE_CLAIM = "scope";
  static final String ADMIN_SCOPE = "points:admin";

  static Caller fromClaims(Map<String, String> claims) {
    if (claims == null) {
      return new Caller(null, null);
    }
    return new Caller(claims.get(PARTNER_ID_CLAIM), claims.get(SCOPE_CLAIM));
  }

  /** From the claims the HTTP API's JWT authorizer put in the event (none: a caller that may read nothing). */
  static Caller fromEvent(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
      return fromClaims(null);
    }
    return fromClaims(context.getAuthorizer().getJwt().getClaims());
  }

  /** The 403's message. */
  static String refusal(long partnerId) {
    return "this token may read partner " + partnerId + " only with claim partner_id " + partnerId
        + " or scope points:admin";
  }

  boolean mayRead(long partnerId) {
    return isAdmin() || partnerId().equals(Long.toString(partnerId));
  }

  /**
   * API Gateway passes a space-separated {@code scope} as it is, and a JSON array claim as
   * {@code [a b]}: both are read as a list of scopes. Scopes are separated by spaces only (RFC 6749
   * section 3.3): a comma is part of a scope token, so {@code read,points:admin} is one token and
   * not the admin scope. Where the admin right must come from: docs/operations.md.
   */
  boolean isAdmin() {
    if (scope == null) {
      return false;
    }
    return Arrays.stream(scope.replace("[", " ").replace("]", " ").split("\\s+"))
        .anyMatch(ADMIN_SCOPE::equals);
  }

  @Override
  public String partnerId() {
    return partnerId == null ? "" : partnerId.trim();
  }
}
