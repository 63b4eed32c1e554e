package dev.fairway.api;

/**
 * One event of a streamed answer in canonical form. A stream is: {@link Started}, any number of
 * deltas, {@link Finished}, then optionally {@link UsageReported}. Tool calls are numbered from 0 in
 * the order the model starts them; their argument fragments concatenate to JSON text.
 */
public sealed interface StreamEvent {

  /**
   * The stream began. {@code inputUsage} is the prompt's usage when the provider reports it before
   * the first token (Anthropic's {@code message_start}), else null; the final {@link UsageReported}
   * stays authoritative.
   */
  record Started(String id, String model, long createdEpochSeconds, Usage inputUsage) implements StreamEvent {
    public Started(String id, String model, long createdEpochSeconds) {
      this(id, model, createdEpochSeconds, null);
    }
  }

  record TextDelta(String text) implements StreamEvent {}

  record ReasoningDelta(String text, String signature) implements StreamEvent {}

  record ToolCallStarted(int index, String id, String name) implements StreamEvent {}

  record ToolCallDelta(int index, String argumentsFragment) implements StreamEvent {}

  record Finished(FinishReason reason, String stopSequence) implements StreamEvent {}

  record UsageReported(Usage usage) implements StreamEvent {}

  /** True for events that carry model output (what "first token" means for deadlines and fallback). */
  default boolean isContent() {
    return this instanceof TextDelta || this instanceof ToolCallStarted || this instanceof ToolCallDelta
        || this instanceof ReasoningDelta;
  }
}
