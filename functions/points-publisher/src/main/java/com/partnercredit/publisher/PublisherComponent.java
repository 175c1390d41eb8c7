package com.partnercredit.publisher;

import dagger.Component;
import javax.inject.Singleton;

/**
 * The points publisher's object graph, built once per Lambda init (or once by the local stack): one
 * graph for the four steps of a run (one jar), each function using its own entry point.
 */
@Singleton
@Component(modules = PublisherModule.class)
public interface PublisherComponent {
  /** The plan step (the state machine's {@code Plan}). */
  PublisherHandler handler();

  /** A shard worker (the {@code EvaluateShards} Distributed Map's task). */
  ShardHandler shardHandler();

  /** The final step of one bucket of partners (the {@code PublishBuckets} Map's task). */
  FinishHandler finishHandler();

  /** The run's end, recorded and measured ({@code RecordRun}, {@code RecordFailure}). */
  RecordHandler recordHandler();
}
