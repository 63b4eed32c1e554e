package dev.fairway.pipeline;

import dev.fairway.api.ChatResponse;
import dev.fairway.provider.EventSource;

/** What the pipeline hands back to ingress: a whole answer, or a stream that has begun. */
public sealed interface Outcome {
  Served served();

  record Answered(ChatResponse response, Served served) implements Outcome {}

  /**
   * A stream whose first content already arrived (so fallback is over and headers can be sent);
   * starting {@code events} replays it from the beginning.
   */
  record Streaming(EventSource events, Served served) implements Outcome {}
}
