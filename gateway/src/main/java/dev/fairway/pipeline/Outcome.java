package dev.fairway.pipeline;

import dev.fairway.api.ChatResponse;
import dev.fairway.provider.EventSource;

/**
 * What the pipeline hands back to the ingress: a whole answer, a stream that has begun, a token
 * count, or embeddings. Any stage may produce one: dispatch from a provider's answer, a cache from a stored one
 * (then {@link Served#deployment()} is null).
 */
public sealed interface Outcome {
  Served served();

  record Answered(ChatResponse response, Served served) implements Outcome {}

  /**
   * A stream whose first content already arrived (so fallback is over and headers can be sent);
   * starting {@code events} replays it from the beginning.
   */
  record Streaming(EventSource events, Served served) implements Outcome {}

  /**
   * A prompt's input token count ({@code /v1/messages/count_tokens}).
   *
   * @param served the deployment whose provider counted, or null when Fairway estimated the count
   */
  record Counted(long inputTokens, Served served) implements Outcome {}

  /** The vectors of {@code /v1/embeddings}. */
  record Embedded(dev.fairway.api.EmbeddingResponse response, Served served) implements Outcome {}
}
