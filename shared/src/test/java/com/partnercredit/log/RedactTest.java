package com.partnercredit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one-pass redaction replaces exactly what the pattern it replaced did. */
class RedactTest {
  /** The former pattern: right, but quadratic on a long run of word characters without an '@'. */
  private static final Pattern WORD_WITH_AT = Pattern.compile("[^\\s\"'<>()\\[\\]{},;]*@[^\\s\"'<>()\\[\\]{},;]*");

  @Test
  void redactsTheSameWordsAsTheFormerPatternOnRandomText() {
    String alphabet = "ab@.@ \t\n\u000B\f\r\"'<>()[]{},;:-_=%?&\u00e9";
    Random random = new Random(21);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String expected = text.indexOf("@") < 0 ? text.toString()
          : WORD_WITH_AT.matcher(text).replaceAll(Redact.EMAIL);
      assertEquals(expected, Redact.emails(text.toString()), "for " + text);
    }
  }

  @Test
  void aLongRunBeforeAnAtSignEndsAsOneWordAndTheAtAsAnother() {
    String run = "a".repeat(100_000);

    assertEquals("x=" + run + ";" + Redact.EMAIL, Redact.emails("x=" + run + ";@"));
    assertEquals(Redact.EMAIL + " tail", Redact.emails(run + "@" + run + " tail"));
  }
}
