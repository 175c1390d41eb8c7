package com.partnercredit.publisher;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One event as put on the bus ({@code source} {@code partner-credit}): its {@code detail-type} and
 * its {@code detail}, whose maps keep their insertion order so that the JSON is always the same.
 */
public record PublishedEvent(String detailType, Map<String, Object> detail) {
  public static final String SOURCE = "partner-credit";
  public static final String PARTNER_TIER_POINTS = "PartnerTierPoints";
  public static final String MANAGED_CREDIT_EXPIRING = "ManagedCreditExpiring";

  /** Writes null values too: {@code "previousTier": null} on a first publication keeps the contract's field. */
  private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

  public String detailJson() {
    try {
      return WRITER.asString(detail);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
