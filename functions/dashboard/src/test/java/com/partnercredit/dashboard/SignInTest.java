package com.partnercredit.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignInTest {
  @Test
  void pkceWhenTheIssuerAndTheClientAreSetEvenIfDevIsAskedFor() {
    SignIn signIn = SignIn.from(Map.of("JWT_ISSUER", "https://i.example.com", "DASHBOARD_CLIENT_ID", "c",
        "DASHBOARD_SIGN_IN", "dev")::get);

    assertEquals(SignIn.PKCE, signIn.mode());
    assertEquals("openid", signIn.scope(), "the default scope");
    assertEquals(List.of(), signIn.devPartners());
  }

  @Test
  void devOnlyWhenAskedForAndNoClientIsConfigured() {
    assertEquals(SignIn.DEV, SignIn.from(Map.of("DASHBOARD_SIGN_IN", "dev")::get).mode());
    assertEquals(SignIn.NONE, SignIn.from(Map.of("JWT_ISSUER", "https://i.example.com")::get).mode(),
        "an issuer without a client: nothing to sign in with");
    assertEquals(SignIn.NONE, SignIn.from(Map.<String, String>of()::get).mode());
  }

  @Test
  void devPartnersAreIdEqualsNameSeparatedBySemicolonsAndBadEntriesAreLeftOut() {
    assertEquals(List.of(new SignIn.DevPartner(111, "Demo Agency"), new SignIn.DevPartner(7, "")),
        SignIn.devPartners(" 111 = Demo Agency ; acme=Acme;7;;"));
  }
}
