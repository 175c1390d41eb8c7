package com.partnercredit.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JSONObjectException;
import com.partnercredit.hubspot.Limits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a webhook body into its events (docs/api.md sections 1 and 6) in two passes, so that one
 * event the object reader refuses never fails the others.
 *
 * <ol>
 *   <li>A streaming pass over the whole body, which keeps no tree and recurses nowhere, so its
 *       nesting and number limits are lifted: it decides whether the body is a JSON array of
 *       objects (else 400) and where each object starts and ends.
 *   <li>Each object's text is read on its own, with the reader's usual limits (nesting, number
 *       length) and duplicate keys refused. An object it refuses is an {@link WebhookEvent#unreadable}
 *       event, a dead letter or rejection of its route, never a failed request. Nothing thrown by
 *       the reader, a {@link StackOverflowError} included, leaves this class.
 * </ol>
 */
final class WebhookBody {
  /** What the body is not when it is refused: the whole request is a 400. */
  static final class NotAnArrayOfObjects extends Exception {
    NotAnArrayOfObjects(String message) {
      super(message, null, false, false);
    }
  }

  /** The structural pass: no tree is built, so depth and number length cost nothing. */
  private static final JsonFactory STRUCTURE = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Integer.MAX_VALUE)
          .maxNumberLength(Integer.MAX_VALUE)
          .build())
      .build();

  private static final JSON OBJECT_READER = JSON.builder()
      .enable(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
      .build();

  private WebhookBody() {}

  static List<WebhookEvent> events(String body) throws NotAnArrayOfObjects {
    List<WebhookEvent> events = new ArrayList<>();
    try (JsonParser parser = STRUCTURE.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new NotAnArrayOfObjects("body must be a JSON array of event objects");
      }
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        if (token == null) {
          throw new NotAnArrayOfObjects("body is not valid JSON: the array is not closed");
        }
        int index = events.size();
        if (token != JsonToken.START_OBJECT) {
          throw new NotAnArrayOfObjects("body must be a JSON array of event objects; element " + index + " is not an object");
        }
        int start = (int) parser.currentTokenLocation().getCharOffset();
        parser.skipChildren(); // iterative: counts depth, builds nothing
        int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
        events.add(read(index, body.substring(start, end)));
        if (events.size() > SignedWebhook.MAX_EVENTS) {
          return events; // the caller answers 413; no need to read on
        }
      }
      if (parser.nextToken() != null) {
        throw new NotAnArrayOfObjects("body is not valid JSON: text after the array");
      }
    } catch (JsonProcessingException e) {
      throw new NotAnArrayOfObjects("body is not valid JSON: " + Limits.echo(firstLine(e.getOriginalMessage())));
    } catch (IOException e) {
      throw new NotAnArrayOfObjects("body is not valid JSON: " + Limits.echo(firstLine(e.getMessage())));
    }
    return events;
  }

  @SuppressWarnings("unchecked")
  private static WebhookEvent read(int index, String raw) {
    try {
      Object parsed = OBJECT_READER.anyFrom(raw);
      if (parsed instanceof Map<?, ?> map) {
        return WebhookEvent.read(index, raw, (Map<String, Object>) map);
      }
      return WebhookEvent.unreadable(index, raw, "event is not a JSON object");
    } catch (JSONObjectException e) {
      return WebhookEvent.unreadable(index, raw, "event could not be read: " + Limits.echo(firstLine(e.getOriginalMessage())));
    } catch (StreamConstraintsException e) {
      return WebhookEvent.unreadable(index, raw,
          "event exceeds the reader's limits: " + Limits.echo(firstLine(e.getOriginalMessage())));
    } catch (IOException | RuntimeException e) {
      return WebhookEvent.unreadable(index, raw, "event could not be read: " + Limits.echo(firstLine(e.getMessage())));
    } catch (StackOverflowError e) {
      return WebhookEvent.unreadable(index, raw, "event is nested too deeply to be read");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
