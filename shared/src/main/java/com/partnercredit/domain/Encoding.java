package com.partnercredit.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Varints and strings, for {@link ClientConclusions#encode}: small numbers take one byte. */
final class Encoding {
  private Encoding() {}

  static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);

    void varlong(long v) {
      while ((v & ~0x7FL) != 0) {
        bytes.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      bytes.write((int) v);
    }

    void varint(int v) {
      varlong(v & 0xFFFFFFFFL);
    }

    void zigzag(long v) {
      varlong((v << 1) ^ (v >> 63));
    }

    void text(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length);
      bytes.writeBytes(utf8);
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  static final class In {
    private final byte[] bytes;
    private int at;

    In(byte[] bytes) {
      this.bytes = bytes;
    }

    long varlong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("a varint longer than 64 bits at byte " + at);
    }

    int varint() {
      return Math.toIntExact(varlong());
    }

    long zigzag() {
      long v = varlong();
      return (v >>> 1) ^ -(v & 1);
    }

    String text() {
      int n = varint();
      if (n > bytes.length - at) {
        throw new IllegalArgumentException("a string of " + n + " bytes past the end at byte " + at);
      }
      String s = new String(Arrays.copyOfRange(bytes, at, at + n), StandardCharsets.UTF_8);
      at += n;
      return s;
    }

    void end() {
      if (at != bytes.length) {
        throw new IllegalArgumentException((bytes.length - at) + " bytes left over");
      }
    }

    private byte next() {
      if (at >= bytes.length) {
        throw new IllegalArgumentException("ended early at byte " + at);
      }
      return bytes[at++];
    }
  }
}
