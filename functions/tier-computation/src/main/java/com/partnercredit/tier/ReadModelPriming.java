package com.partnercredit.tier;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.partnercredit.domain.ClientConclusions;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.Facts;
import com.partnercredit.store.Attr;
import com.partnercredit.store.Keys;
import com.partnercredit.wiring.DryRunHttpClient;
import com.partnercredit.wiring.Priming;
import com.partnercredit.wiring.PrimingFacts;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/**
 * SnapStart priming of the read model's function ({@link Priming}): a batch of the table's stream
 * through the handler, in a dry run (a client's fact and activity, a partner's fact: the recompute's
 * Queries and BatchGetItems, and the progress put, answered inside the process, which find nothing);
 * then a small in-memory portfolio ({@link PrimingFacts}) through the engine's conclusions and their
 * encoding and back, what a recompute of a real client writes (the step reports its clients).
 */
final class ReadModelPriming {
  private static final long CLIENT = 101;

  private final DryRunHttpClient http;
  private final Clock clock;

  @Inject
  ReadModelPriming(DryRunHttpClient http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  Priming.Report prime(ReadModelHandler handler) {
    Instant now = clock.instant();
    Map<String, Priming.Step> steps = new LinkedHashMap<>();
    steps.put("batch", () -> handler.handleRequest(batch(now), null).getBatchItemFailures().size());
    steps.put("conclusions", () -> {
      int clients = 0;
      for (ClientConclusions client : CreditEngine.conclude(Facts.of(PrimingFacts.portfolio(now))).values()) {
        clients += ClientConclusions.decode(client.encode()).encode().length > 0 ? 1 : 0;
      }
      return clients;
    });
    return Priming.run(http, steps);
  }

  /** Three records as the stream delivers them (keys only). */
  private static DynamodbEvent batch(Instant now) {
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(List.of(
        record(1, Keys.client(CLIENT), Keys.fact("priming-1"), now),
        record(2, Keys.client(CLIENT), Keys.activity(1001, now.toEpochMilli(), "priming-2"), now),
        record(3, Keys.partner(PrimingFacts.PARTNER), Keys.fact("priming-3"), now)));
    return event;
  }

  private static DynamodbEvent.DynamodbStreamRecord record(int sequence, String pk, String sk, Instant now) {
    StreamRecord stream = new StreamRecord();
    stream.setKeys(Map.of(Attr.PK, new AttributeValue(pk), Attr.SK, new AttributeValue(sk)));
    stream.setSequenceNumber(Integer.toString(sequence));
    stream.setApproximateCreationDateTime(Date.from(now));
    stream.setStreamViewType(StreamViewType.KEYS_ONLY);
    DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
    record.setEventName("INSERT");
    record.setEventSource("aws:dynamodb");
    record.setDynamodb(stream);
    return record;
  }
}
