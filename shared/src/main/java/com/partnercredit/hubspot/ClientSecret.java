package com.partnercredit.hubspot;

import java.util.Arrays;

/** The HubSpot app's client secret, the HMAC key of signature v3. Its text never reaches a log. */
public final class ClientSecret {
  private final byte[] key;

  public ClientSecret(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("the HubSpot client secret is empty");
    }
    this.key = key.clone();
  }

  byte[] key() {
    return key.clone();
  }

  @Override
  public String toString() {
    return "ClientSecret[***]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientSecret other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }
}
