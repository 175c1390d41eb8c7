package com.partnercredit.publisher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a run did.
 *
 * @param clients client accounts read (each once)
 * @param snapshots partners published: one snapshot and one {@code PartnerTierPoints} each
 * @param events events the bus accepted
 * @param putEventsCalls PutEvents calls, retries included
 * @param failedPartners partners not published, with the reason, by partnerId
 */
public record PublishReport(
    Instant asOf, int clients, int snapshots, int events, int putEventsCalls,
    SortedMap<Long, String> failedPartners) {

  /** The invocation's result, as JSON-friendly maps (the Lambda serializer writes it). */
  public Map<String, Object> summary() {
    List<Map<String, Object>> failed = new ArrayList<>();
    failedPartners.forEach((id, reason) -> {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("partnerId", id);
      f.put("reason", reason);
      failed.add(f);
    });
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("asOf", asOf.toString());
    summary.put("clients", clients);
    summary.put("snapshots", snapshots);
    summary.put("events", events);
    summary.put("putEventsCalls", putEventsCalls);
    summary.put("failedPartners", failed);
    return summary;
  }
}
