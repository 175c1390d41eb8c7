package com.partnercredit.ingestion;

import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.WebhookPriming;
import java.time.Duration;
import javax.inject.Inject;

/**
 * SnapStart priming of {@code POST /webhooks/hubspot} ({@link Priming}): one signed webhook through
 * the handler, in a dry run: the signature checked, the body parsed element by element, a qualifying
 * activity and one that does not qualify, the first written with {@code BatchWriteItem}, answered in
 * memory, and the 200 rendered. (No unreadable element: its dead letter would log a warning each
 * time a version is published.)
 */
final class IngestionPriming {
  static final String PATH = "/webhooks/hubspot";

  private final WebhookPriming webhook;

  @Inject
  IngestionPriming(WebhookPriming webhook) {
    this.webhook = webhook;
  }

  Priming.Report prime(IngestionHandler handler) {
    return webhook.prime(handler, PATH, IngestionPriming::body);
  }

  void restored() {
    webhook.restored();
  }

  /** A qualifying activity and a login (which never qualifies). */
  static String body(long now) {
    long yesterday = now - Duration.ofDays(1).toMillis();
    return "[" + activity(1, "contact.creation", yesterday) + "," + activity(2, "user.login", yesterday) + "]";
  }

  private static String activity(long eventId, String type, long occurredAt) {
    return "{\"eventId\":" + eventId + ",\"subscriptionId\":1,\"portalId\":101,\"appId\":1,\"occurredAt\":" + occurredAt
        + ",\"subscriptionType\":\"" + type + "\",\"attemptNumber\":0,\"objectId\":" + eventId
        + ",\"changeSource\":\"CRM_UI\",\"sourceId\":\"userId:1001\"}";
  }
}
