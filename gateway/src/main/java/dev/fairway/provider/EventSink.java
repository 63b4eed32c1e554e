package dev.fairway.provider;

import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;

/** Receives a stream: events, then exactly one of {@link #onComplete} or {@link #onError}. */
public interface EventSink {
  void onEvent(StreamEvent event);

  void onComplete();

  void onError(GatewayError error);
}
