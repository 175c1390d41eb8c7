package com.partnercredit.publisher;

import dagger.Component;
import javax.inject.Singleton;

/** The points publisher's object graph, built once per Lambda init (or once by the local stack). */
@Singleton
@Component(modules = PublisherModule.class)
public interface PublisherComponent {
  PublisherHandler handler();

  /** The run itself, for callers that want what was published (the local stack's {@code /publish}). */
  Publisher publisher();

  /** A measured run, as the schedule starts it (the handler, and the local stack's {@code /publish}). */
  PublicationRun run();
}
