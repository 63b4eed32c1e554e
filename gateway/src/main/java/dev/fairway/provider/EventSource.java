package dev.fairway.provider;

/**
 * A stream of canonical events from one upstream call, with back-pressure and cancellation.
 * Events are delivered on the caller's event loop; after {@link EventSink#onComplete} or
 * {@link EventSink#onError} nothing more arrives.
 */
public interface EventSource {

  /** Begins delivery to {@code sink}; called once. */
  void start(EventSink sink);

  /** Stops delivery until {@link #resume()} (the client is slower than the provider). */
  void pause();

  void resume();

  /** Abandons the call and releases its connection; no further callbacks. */
  void cancel();
}
