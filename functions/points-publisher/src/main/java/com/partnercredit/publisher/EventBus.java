package com.partnercredit.publisher;

import com.partnercredit.store.StorageUnavailable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.inject.Inject;
import javax.inject.Named;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts events on the project's bus, 10 per PutEvents call (the API's limit). Entries that come back
 * failed (throttled, internal errors) are retried with backoff; what is still refused after the
 * last attempt fails the run, so nothing is dropped silently.
 */
public final class EventBus {
  static final int BATCH_SIZE = 10;
  static final int MAX_ATTEMPTS = 5;
  private static final long FIRST_BACKOFF_MILLIS = 50;

  private final EventBridgeClient events;
  private final String busName;

  @Inject
  public EventBus(EventBridgeClient events, @Named(PublisherModule.EVENT_BUS) String busName) {
    this.events = events;
    this.busName = busName;
  }

  /** What is told of each batch of events once the bus accepted every one of them. */
  @FunctionalInterface
  public interface Delivered {
    Delivered NONE = events -> {};

    void delivered(List<PublishedEvent> events) throws StorageUnavailable;
  }

  /** A buffer for one run: sends a call for every 10 events added, and the rest on {@link Outbox#flush()}. */
  public Outbox outbox(Instant time) {
    return outbox(time, Delivered.NONE);
  }

  /** ... telling {@code delivered} of each call's events as soon as the bus accepted them all. */
  public Outbox outbox(Instant time, Delivered delivered) {
    return new Outbox(time, delivered);
  }

  public final class Outbox {
    private final Instant time;
    private final Delivered delivered;
    private final List<PublishedEvent> pending = new ArrayList<>(BATCH_SIZE);
    private int calls;
    private int sent;

    private Outbox(Instant time, Delivered delivered) {
      this.time = time;
      this.delivered = delivered;
    }

    public void add(PublishedEvent event) throws EventsUnavailable, StorageUnavailable {
      pending.add(event);
      if (pending.size() == BATCH_SIZE) {
        flush();
      }
    }

    public void flush() throws EventsUnavailable, StorageUnavailable {
      if (pending.isEmpty()) {
        return;
      }
      List<PutEventsRequestEntry> entries = new ArrayList<>(pending.size());
      for (PublishedEvent event : pending) {
        entries.add(PutEventsRequestEntry.builder()
            .eventBusName(busName)
            .source(PublishedEvent.SOURCE)
            .detailType(event.detailType())
            .detail(event.detailJson())
            .time(time)
            .build());
      }
      put(entries);
      sent += pending.size();
      List<PublishedEvent> accepted = List.copyOf(pending);
      pending.clear();
      delivered.delivered(accepted);
    }

    /** PutEvents calls made, retries included. */
    public int calls() {
      return calls;
    }

    /** Events the bus accepted. */
    public int sent() {
      return sent;
    }

    private void put(List<PutEventsRequestEntry> batch) throws EventsUnavailable {
      List<PutEventsRequestEntry> entries = batch;
      long backoff = FIRST_BACKOFF_MILLIS;
      TreeMap<String, Integer> errors = new TreeMap<>();
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        if (attempt > 1) {
          sleep(backoff);
          backoff *= 2;
        }
        PutEventsResponse response;
        try {
          calls++;
          List<PutEventsRequestEntry> request = entries;
          response = events.putEvents(r -> r.entries(request));
        } catch (SdkException e) {
          throw new EventsUnavailable("PutEvents failed on bus " + busName, e);
        }
        if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
          return;
        }
        List<PutEventsRequestEntry> failed = new ArrayList<>();
        errors.clear();
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < entries.size(); i++) {
          PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
          if (result == null || result.errorCode() != null) {
            failed.add(entries.get(i));
            errors.merge(result == null ? "NoResult" : result.errorCode(), 1, Integer::sum);
          }
        }
        if (failed.isEmpty()) {
          return; // a failure count without a failed entry: nothing to resend
        }
        entries = failed;
      }
      throw new EventsUnavailable(entries.size() + " events refused by bus " + busName + " after "
          + MAX_ATTEMPTS + " attempts: " + errors, null);
    }
  }

  private static void sleep(long millis) throws EventsUnavailable {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventsUnavailable("interrupted while retrying PutEvents", e);
    }
  }
}
