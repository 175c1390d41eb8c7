package com.partnercredit.domain;

import java.util.Arrays;

/**
 * Varints and strings, for {@link ClientConclusions#encode}: small numbers take one byte, and so
 * does each character of an ASCII string (a string is its length and its UTF-16 chars as varints;
 * the domain does no I/O, so no stream or charset).
 */
final class Encoding {
  private Encoding() {}

  static final class Out {
    private byte[] bytes = new byte[64];
    private int size;

    private void write(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, size * 2);
      }
      bytes[size++] = (byte) b;
    }

    void varlong(long v) {
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void varint(int v) {
      varlong(v & 0xFFFFFFFFL);
    }

    void zigzag(long v) {
      varlong((v << 1) ^ (v >> 63));
    }

    void text(String s) {
      varint(s.length());
      for (int i = 0; i < s.length(); i++) {
        varint(s.charAt(i));
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(bytes, size);
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
        throw new IllegalArgumentException("a string of " + n + " chars past the end at byte " + at);
      }
      char[] chars = new char[n];
      for (int i = 0; i < n; i++) {
        int c = varint();
        if (c > Character.MAX_VALUE) {
          throw new IllegalArgumentException("not a char: " + c + " at byte " + at);
        }
        chars[i] = (char) c;
      }
      return new String(chars);
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
