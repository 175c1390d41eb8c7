package com.partnercredit.ingestion;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.partnercredit.hubspot.ClientSecret;
import com.partnercredit.hubspot.SignatureV3;
import com.partnercredit.store.Attr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activity webhooks as HubSpot sends them, for the budget tests and the burst benchmark: events
 * whose outcome the test knows by construction, and the signed request that carries them.
 */
final class HubSpotEvents {
  /** Types the catalogue counts as qualifying activities. */
  static final List<String> QUALIFYING = List.of("contact.creation", "contact.propertyChange", "deal.creation",
      "company.propertyChange", "blog_post.published");
  /** A type that never qualifies. */
  static final String LOGIN = "user.login";

  /** One event; a qualifying one is stored as exactly one activity. */
  record Event(long eventId, long clientId, long userId, String type, long objectId, long occurredAt) {
    boolean qualifies() {
      return QUALIFYING.contains(type);
    }

    String json() {
      return "{\"eventId\":" + eventId + ",\"subscriptionId\":42,\"portalId\":" + clientId + ",\"appId\":7,"
          + "\"occurredAt\":" + occurredAt + ",\"subscriptionType\":\"" + type + "\",\"attemptNumber\":0,"
          + "\"objectId\":" + objectId + ",\"changeSource\":\"CRM_UI\",\"sourceId\":\"userId:" + userId + "\"}";
    }

    /** What the stored activity says of it: client, user, event, object, type, time. */
    String stored() {
      return clientId + "/" + userId + "/" + eventId + "/" + objectId + "/" + type + "/" + occurredAt;
    }
  }

  private HubSpotEvents() {}

  /** The same as {@link Event#stored} for an activity item read back from the table. */
  static String stored(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
    return item.get(Attr.CLIENT_ID).n() + "/" + item.get(Attr.USER_ID).n() + "/" + item.get(Attr.EVENT_ID).n() + "/"
        + item.get(Attr.OBJECT_ID).n() + "/" + item.get(Attr.ACTIVITY_TYPE).s() + "/" + item.get(Attr.OCCURRED_AT).n();
  }

  static String body(List<Event> events) {
    List<String> json = new ArrayList<>(events.size());
    events.forEach(e -> json.add(e.json()));
    return "[" + String.join(",", json) + "]";
  }

  /** A POST of {@code body} to {@code baseUrl}/webhooks/hubspot through API Gateway, signed at {@code nowMillis}. */
  static APIGatewayV2HTTPEvent signed(String body, ClientSecret secret, String baseUrl, long nowMillis) {
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("POST /webhooks/hubspot")
        .withRawPath("/webhooks/hubspot")
        .withRawQueryString("")
        .withHeaders(Map.of(
            "content-type", "application/json",
            "X-HubSpot-Signature-v3", SignatureV3.sign(secret, "POST", baseUrl + "/webhooks/hubspot", body, nowMillis),
            "X-HubSpot-Request-Timestamp", Long.toString(nowMillis)))
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").withPath("/webhooks/hubspot")
                .build())
            .build())
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }
}
