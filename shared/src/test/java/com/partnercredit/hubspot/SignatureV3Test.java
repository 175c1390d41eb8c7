package com.partnercredit.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignatureV3Test {
  private static final String SECRET_TEXT = "test-client-secret";
  private static final ClientSecret SECRET = new ClientSecret(SECRET_TEXT.getBytes(StandardCharsets.UTF_8));
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final String URI = "https://hooks.example.com/webhooks/hubspot?app=7";
  private static final String BODY = "[{\"eventId\":1001}]";

  private final SignatureV3 verifier = new SignatureV3(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

  private Optional<SignatureV3.Rejection> verifySignedAt(Instant sentAt) {
    long ts = sentAt.toEpochMilli();
    return verifier.check("POST", URI, BODY, SignatureV3.sign(SECRET, "POST", URI, BODY, ts), Long.toString(ts)).rejection();
  }

  /** The HMAC computed here independently of the class under test. */
  private static String hmac(String message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET_TEXT.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void signatureIsBase64HmacOfMethodUriBodyAndTimestamp() throws Exception {
    long ts = NOW.toEpochMilli();
    assertEquals(hmac("POST" + URI + BODY + ts), SignatureV3.sign(SECRET, "POST", URI, BODY, ts));
  }

  @Test
  void validRequestIsAccepted() {
    assertEquals(Optional.empty(), verifySignedAt(NOW.minusSeconds(10)));
  }

  @Test
  void missingSignatureHeaderIsRejected() {
    long ts = NOW.toEpochMilli();
    assertEquals(Optional.of(SignatureV3.Rejection.MISSING_SIGNATURE),
        verifier.check("POST", URI, BODY, null, Long.toString(ts)).rejection());
  }

  @Test
  void missingTimestampHeaderIsRejected() {
    String signature = SignatureV3.sign(SECRET, "POST", URI, BODY, NOW.toEpochMilli());
    assertEquals(Optional.of(SignatureV3.Rejection.MISSING_TIMESTAMP),
        verifier.check("POST", URI, BODY, signature, null).rejection());
  }

  @Test
  void timestampThatIsNotEpochMillisIsRejected() {
    assertEquals(Optional.of(SignatureV3.Rejection.INVALID_TIMESTAMP),
        verifier.check("POST", URI, BODY, "abc", "2026-11-28T10:00:00Z").rejection());
  }

  @Test
  void timestampExactlyFiveMinutesOldIsAccepted() {
    assertEquals(Optional.empty(), verifySignedAt(NOW.minus(SignatureV3.WINDOW)));
  }

  @Test
  void staleTimestampIsRejected() {
    assertEquals(Optional.of(SignatureV3.Rejection.OUTSIDE_WINDOW),
        verifySignedAt(NOW.minus(SignatureV3.WINDOW).minusMillis(1)));
  }

  @Test
  void futureTimestampIsRejected() {
    assertEquals(Optional.of(SignatureV3.Rejection.OUTSIDE_WINDOW),
        verifySignedAt(NOW.plus(SignatureV3.WINDOW).plusMillis(1)));
  }

  @Test
  void timestampsThatWouldOverflowTheWindowArithmeticAreStaleNotAnError() {
    for (long sentAt : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, -NOW.toEpochMilli()}) {
      String ts = Long.toString(sentAt);
      assertEquals(Optional.of(SignatureV3.Rejection.OUTSIDE_WINDOW),
          verifier.check("POST", URI, BODY, "c2lnbmF0dXJl", ts).rejection(), ts);
    }
  }

  @Test
  void changedBodyIsRejected() {
    long ts = NOW.toEpochMilli();
    String signature = SignatureV3.sign(SECRET, "POST", URI, BODY, ts);
    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH),
        verifier.check("POST", URI, BODY.replace("1001", "1002"), signature, Long.toString(ts)).rejection());
  }

  @Test
  void changedQueryStringIsRejected() {
    long ts = NOW.toEpochMilli();
    String signature = SignatureV3.sign(SECRET, "POST", URI, BODY, ts);
    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH),
        verifier.check("POST", URI.replace("app=7", "app=8"), BODY, signature, Long.toString(ts)).rejection());
  }

  @Test
  void otherSecretIsRejected() {
    long ts = NOW.toEpochMilli();
    String signature = SignatureV3.sign(new ClientSecret("other".getBytes(StandardCharsets.UTF_8)), "POST", URI, BODY, ts);
    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH),
        verifier.check("POST", URI, BODY, signature, Long.toString(ts)).rejection());
  }

  @Test
  void listedEscapesAreDecodedBeforeSigning() throws Exception {
    String encoded = "https://hooks.example.com/webhooks/hubspot?next=%2Fa%3Fb%3Dc&who=x%40y.com"
        + "&p=%3A%21%24%27%28%29%2a%2C%3B";
    String decoded = "https://hooks.example.com/webhooks/hubspot?next=/a?b%3Dc&who=x@y.com&p=:!$'()*,;";
    assertEquals(decoded, SignatureV3.decodeUri(encoded));
    long ts = NOW.toEpochMilli();
    assertEquals(hmac("POST" + decoded + BODY + ts), SignatureV3.sign(SECRET, "POST", encoded, BODY, ts));
    assertEquals(Optional.empty(), verifier.check("POST", encoded, BODY, hmac("POST" + decoded + BODY + ts), Long.toString(ts)).rejection());
  }

  @Test
  void unlistedEscapesStayEncoded() {
    assertEquals("https://h/p?q=a%20b%3D%26", SignatureV3.decodeUri("https://h/p?q=a%20b%3D%26"));
    assertEquals("https://h/p?q=%", SignatureV3.decodeUri("https://h/p?q=%"));
    assertEquals("https://h/p?q=%3", SignatureV3.decodeUri("https://h/p?q=%3"));
  }

  @Test
  void secretNeverAppearsInItsText() {
    assertNotEquals(-1, SECRET.toString().indexOf("***"));
    assertEquals(-1, SECRET.toString().indexOf(SECRET_TEXT));
  }

  // ---- rotation: the previous secret for a grace period ----

  private static final ClientSecret ROTATED = new ClientSecret("rotated-client-secret".getBytes(StandardCharsets.UTF_8));

  private static SignatureV3.Verdict signedWithOldSecret(Instant acceptedUntil) {
    SignatureV3 rotating = new SignatureV3(ROTATED, new SignatureV3.PreviousSecret(SECRET, acceptedUntil),
        Clock.fixed(NOW, ZoneOffset.UTC));
    long ts = NOW.toEpochMilli();
    return rotating.check("POST", URI, BODY, SignatureV3.sign(SECRET, "POST", URI, BODY, ts), Long.toString(ts));
  }

  @Test
  void thePreviousSecretIsAcceptedUntilTheEndOfItsGraceAndSaysSo() {
    assertEquals(new SignatureV3.Verdict(Optional.empty(), true), signedWithOldSecret(NOW.plusSeconds(60)));
    assertEquals(new SignatureV3.Verdict(Optional.empty(), true), signedWithOldSecret(NOW));
  }

  @Test
  void thePreviousSecretIsRefusedOnceItsGraceHasPassed() {
    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH), signedWithOldSecret(NOW.minusMillis(1)).rejection());
  }

  @Test
  void theNewSecretIsAcceptedAsCurrentDuringTheRotation() {
    SignatureV3 rotating = new SignatureV3(ROTATED, new SignatureV3.PreviousSecret(SECRET, NOW.plusSeconds(60)),
        Clock.fixed(NOW, ZoneOffset.UTC));
    long ts = NOW.toEpochMilli();
    assertEquals(new SignatureV3.Verdict(Optional.empty(), false),
        rotating.check("POST", URI, BODY, SignatureV3.sign(ROTATED, "POST", URI, BODY, ts), Long.toString(ts)));
  }

  @Test
  void aThirdSecretIsRefusedDuringTheRotation() {
    SignatureV3 rotating = new SignatureV3(ROTATED, new SignatureV3.PreviousSecret(SECRET, NOW.plusSeconds(60)),
        Clock.fixed(NOW, ZoneOffset.UTC));
    ClientSecret other = new ClientSecret("someone-else".getBytes(StandardCharsets.UTF_8));
    long ts = NOW.toEpochMilli();
    assertEquals(Optional.of(SignatureV3.Rejection.MISMATCH),
        rotating.check("POST", URI, BODY, SignatureV3.sign(other, "POST", URI, BODY, ts), Long.toString(ts)).rejection());
  }
}
